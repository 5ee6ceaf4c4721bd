import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct IdempotencyAndPaginationTests {
    @Test(arguments: TestDatabase.flavors)
    func sameKeySameBodyReplaysDifferentBodyIs422(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let headers = ["Idempotency-Key": "order-123"]
            let first = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"Client A"}"#, headers: headers)
            #expect(first.status == 201)
            let second = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"Client A"}"#, headers: headers)
            #expect(second.status == 201)
            #expect(second.json["id"] as? String == first.json["id"] as? String)
            #expect(second.headers[.init("Idempotent-Replayed")!] == "true")
            let list = try await client.call(.get, "/v1/orgs", key: server.adminKey)
            #expect((list.json["data"] as? [Any])?.count == 2, "exactly one child org was created")
            let third = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"Client B"}"#, headers: headers)
            #expect(third.status == 422)
            #expect(third.errorCode == "idempotency_key_reused")
        }
    }

    @Test func replayedKeyCreationNeverRevealsTheSecretAgain() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let headers = ["Idempotency-Key": "key-1"]
            let first = try await client.call(.post, "/v1/api-keys", key: server.adminKey, json: #"{"name":"ci"}"#, headers: headers)
            let secret = try #require(first.json["secret"] as? String)
            let replay = try await client.call(.post, "/v1/api-keys", key: server.adminKey, json: #"{"name":"ci"}"#, headers: headers)
            #expect(replay.json["id"] as? String == first.json["id"] as? String)
            #expect(replay.json["secret"] == nil)
            #expect(!replay.body.contains(secret))
            let stored = try await server.database.read { db in
                try await db.raw("SELECT response_body FROM idempotency_keys").all().map { try $0.decode(column: "response_body", as: String.self) }
            }
            #expect(!stored.joined().contains(secret))
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func paginationIsStableAcrossInserts(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            for i in 0..<7 {
                _ = try await server.environment.apiKeys.create(org: server.orgID, name: "k\(i)", role: .viewer, createdBy: nil)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/v1/api-keys?limit=3" + (cursor.map { "&starting_after=\($0)" } ?? "")
                let page = try await client.call(.get, uri, key: server.adminKey)
                #expect(page.status == 200)
                let ids = (page.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                seen += ids
                cursor = page.json["next_cursor"] as? String
                #expect((page.json["has_more"] as? Bool) == (cursor != nil))
                // A key created mid-iteration sorts after everything seen so far and must not shift pages.
                if pages == 0 { server.clock.advance(seconds: 1); _ = try await server.environment.apiKeys.create(org: server.orgID, name: "late", role: .viewer, createdBy: nil) }
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen.count == 9, "8 created + the admin key, each once: \(seen)")
            #expect(Set(seen).count == seen.count)
            #expect(seen == seen.sorted())
        }
    }

    @Test func perKeyRateLimitAnswers429WithRetryAfter() async throws {
        try await TestServer.run(.sqlite, apiRateLimit: 2) { server, client in
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await client.call(.get, "/v1/me", key: server.adminKey).status) }
            #expect(statuses.prefix(4).allSatisfy { $0 == 200 }, "burst of 2×rate allowed: \(statuses)")
            let limited = try await client.call(.get, "/v1/me", key: server.adminKey)
            #expect(limited.status == 429)
            #expect(limited.headers[.retryAfter] != nil)
            // Another key is not affected, and time refills the bucket.
            let other = try await server.key(role: .viewer)
            #expect(try await client.call(.get, "/v1/me", key: other).status == 200)
            server.clock.advance(seconds: 1)
            #expect(try await client.call(.get, "/v1/me", key: server.adminKey).status == 200)
        }
    }
}
