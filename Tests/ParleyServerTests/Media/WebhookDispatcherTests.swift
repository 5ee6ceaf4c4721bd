import Foundation
import Hummingbird
import Logging
import AsyncHTTPClient
import NIOCore
import ParleyCalls
import ParleyCore
import ParleyProviders
import ParleyServer
import ParleyStorage
import ParleyTesting
import Synchronization
import Testing

@Suite struct WebhookDispatcherTests {
    /// A receiver answering with scripted statuses and recording what it got.
    final class Receiver: Sendable {
        let statuses: Mutex<[Int]>
        let received = Mutex<[(headers: [String: String], body: [UInt8])]>([])
        init(_ statuses: [Int]) { self.statuses = Mutex(statuses) }

        func run(_ body: @Sendable (String) async throws -> Void) async throws {
            let router = Router()
            router.post("/hook") { request, _ -> Response in
                let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                self.received.withLock { $0.append((headers, bytes)) }
                let status = self.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
                return Response(status: .init(code: status))
            }
            try await FakeServer.run(router) { base in try await body(base + "/hook") }
        }
    }

    @Test func eventsAreSignedRetriedWithBackoffAndLogged() async throws {
        let receiver = Receiver([500])
        try await receiver.run { url in
            try await TestServer.run(.sqlite) { server, client in
                let env = server.environment
                let (endpoint, secret) = try await env.webhooks.create(org: server.orgID, url: url, events: ["call.ended"])
                let other = try await server.makeTenant()
                _ = try await env.webhooks.create(org: other.orgID, url: url, events: ["call.ended"])
                #expect(try await env.webhooks.enqueue(org: server.orgID, type: "call.ended", data: #"{"id":"cal_1"}"#) == 1)
                #expect(try await env.webhooks.enqueue(org: server.orgID, type: "call.started", data: #"{"id":"cal_1"}"#) == 0, "not subscribed")
                // The receiver listens on 127.0.0.1: only a server allowing private networks delivers there.
                let dispatcher = WebhookDispatcher(repository: env.webhooks, clock: server.clock, targetGuard: .allowingPrivateNetworks,
                                                   backoffBase: .seconds(10), logger: Logger(label: "test.webhooks"))
                #expect(try await dispatcher.deliverDue() == 1)   // answered 500
                #expect(try await dispatcher.deliverDue() == 0, "not due before the backoff")
                server.clock.advance(seconds: 11)
                #expect(try await dispatcher.deliverDue() == 1)   // answered 200
                let received = receiver.received.withLock { $0 }
                #expect(received.count == 2)
                let last = try #require(received.last)
                let signature = try #require(last.headers["parley-signature"])
                #expect(WebhookSignature.verify(signature, secret: secret, body: last.body, now: server.clock.nowMicros() / 1_000_000))
                #expect(!WebhookSignature.verify(signature, secret: "whsec_wrong", body: last.body, now: server.clock.nowMicros() / 1_000_000))
                #expect(!WebhookSignature.verify(signature, secret: secret, body: last.body + [0x20], now: server.clock.nowMicros() / 1_000_000))
                let event = try #require(try JSONSerialization.jsonObject(with: Data(last.body)) as? [String: Any])
                #expect(event["type"] as? String == "call.ended" && (event["data"] as? [String: Any])?["id"] as? String == "cal_1")
                let log = try await client.call(.get, "/v1/webhooks/\(endpoint.id)/deliveries", key: server.adminKey)
                let entry = try #require((log.json["data"] as? [[String: Any]])?.first)
                #expect(entry["status"] as? String == "delivered" && entry["attempts"] as? Int == 2 && entry["last_status_code"] as? Int == 200)
            }
        }
    }

    @Test func aStrictDispatcherRefusesALoopbackEndpointForGood() async throws {
        let receiver = Receiver([])
        try await receiver.run { url in
            try await TestServer.run(.sqlite) { server, client in
                let env = server.environment
                let (endpoint, _) = try await env.webhooks.create(org: server.orgID, url: url, events: ["call.ended"])
                #expect(try await env.webhooks.enqueue(org: server.orgID, type: "call.ended", data: #"{"id":"cal_1"}"#) == 1)
                let dispatcher = WebhookDispatcher(repository: env.webhooks, clock: server.clock, targetGuard: OutboundTargetGuard(policy: .strict),
                                                   logger: Logger(label: "test.webhooks"))
                #expect(try await dispatcher.deliverDue() == 1)
                server.clock.advance(seconds: 7_200)
                #expect(try await dispatcher.deliverDue() == 0, "a refused target is not retried")
                #expect(receiver.received.withLock { $0 }.isEmpty)
                let log = try await client.call(.get, "/v1/webhooks/\(endpoint.id)/deliveries", key: server.adminKey)
                let entry = try #require((log.json["data"] as? [[String: Any]])?.first)
                #expect(entry["status"] as? String == "failed" && entry["attempts"] as? Int == 1 && entry["last_status_code"] == nil)
                let reason = try #require(entry["last_error"] as? String)
                #expect(reason.hasPrefix("forbidden_target: 127.0.0.1 is a loopback address"), "\(reason)")
            }
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let followed = Mutex(false)
        let router = Router()
        router.post("/hook") { _, _ -> Response in
            Response(status: .temporaryRedirect, headers: [.location: "/inside"])
        }
        router.post("/inside") { _, _ -> Response in
            followed.withLock { $0 = true }
            return Response(status: .ok)
        }
        let outbound = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: OutboundTargetGuard.clientConfiguration)
        do {
            try await FakeServer.run(router) { base in
                try await TestServer.run(.sqlite) { server, _ in
                    let env = server.environment
                    _ = try await env.webhooks.create(org: server.orgID, url: base + "/hook", events: ["call.ended"])
                    try await env.webhooks.enqueue(org: server.orgID, type: "call.ended", data: #"{"id":"cal_1"}"#)
                    let dispatcher = WebhookDispatcher(repository: env.webhooks, clock: server.clock, targetGuard: .allowingPrivateNetworks,
                                                       client: outbound, logger: Logger(label: "test.webhooks"))
                    #expect(try await dispatcher.deliverDue() == 1)
                    let endpoints = try await env.webhooks.list(org: server.orgID, page: .init(limit: 1)).items
                    let endpoint = try #require(endpoints.first)
                    let deliveries = try await env.webhooks.deliveries(endpoint: endpoint.id, org: server.orgID, page: .init(limit: 1)).items
                    let delivery = try #require(deliveries.first)
                    #expect(delivery.lastStatusCode == 307 && delivery.status == .pending)
                }
            }
        } catch {
            try await outbound.shutdown()
            throw error
        }
        try await outbound.shutdown()
        #expect(!followed.withLock { $0 }, "the redirect would reach a host the guard never checked")
    }
}
