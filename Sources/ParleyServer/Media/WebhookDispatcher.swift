import AsyncHTTPClient
import Logging
import NIOCore
import ParleyCalls
import ParleyCore
import ParleyProviders
import ServiceLifecycle

/// Delivers queued webhook events: signed POSTs (`Parley-Signature`), retried with
/// exponential backoff (base × 2^attempt, at most an hour) up to `WebhookRepository.maxAttempts`,
/// every attempt kept in the delivery log. An endpoint whose host is, or resolves to, an address
/// `targetGuard` refuses (loopback, private network, cloud metadata) gets no request: the
/// attempt is logged with the reason and the delivery fails for good.
public struct WebhookDispatcher: Service {
    let repository: WebhookRepository
    let clock: any WallClock
    let client: HTTPClient
    let targetGuard: OutboundTargetGuard
    let pollInterval: Duration
    let backoffBase: Duration
    let requestTimeout: TimeAmount
    let logger: Logger

    /// `client` should not follow redirects (`OutboundTargetGuard.clientConfiguration`): a
    /// redirect would reach a host `targetGuard` never checked.
    public init(repository: WebhookRepository, clock: any WallClock, targetGuard: OutboundTargetGuard, client: HTTPClient = .shared,
                pollInterval: Duration = .seconds(1), backoffBase: Duration = .seconds(10), requestTimeout: TimeAmount = .seconds(10),
                logger: Logger) {
        self.repository = repository
        self.clock = clock
        self.targetGuard = targetGuard
        self.client = client
        self.pollInterval = pollInterval
        self.backoffBase = backoffBase
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { _ = try await deliverDue() } catch {
                    logger.error("webhook delivery round failed", metadata: ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// One round: sends every due delivery once; returns how many were attempted.
    public func deliverDue(limit: Int = 100) async throws -> Int {
        let due = try await repository.due(limit: limit)
        for (delivery, url, secret) in due {
            let body = Array(delivery.payload.utf8)
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Parley-Webhooks/1")
            request.headers.add(name: "Parley-Event", value: delivery.eventType)
            request.headers.add(name: "Parley-Delivery", value: delivery.id)
            request.headers.add(name: "Parley-Signature", value: WebhookSignature.header(secret: secret, timestamp: clock.nowMicros() / 1_000_000, body: body))
            request.body = .bytes(ByteBuffer(bytes: body))
            var status: Int?
            var failure: String?
            var permanent = false
            do {
                try await targetGuard.check(url: url)
                let response = try await client.execute(request, timeout: requestTimeout)
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
            } catch let refusal as OutboundTargetError {
                failure = refusal.description
                permanent = refusal.code != .unresolvable
            } catch {
                failure = "\(error)"
            }
            let backoff = min(backoffBase * (1 << min(delivery.attempts, 20)), .seconds(3_600))
            try await repository.recordAttempt(delivery.id, org: delivery.orgID, statusCode: status, error: failure,
                                               retryAfterMicros: backoff.wholeMicroseconds, permanent: permanent)
            if let failure {
                logger.notice("webhook delivery failed", metadata: ["delivery.id": .string(delivery.id), "error": .string(failure)])
            }
        }
        return due.count
    }
}
