import Foundation
import ParleyCore
import ParleyKeyring
import ParleyStorage
import SQLKit

/// Org webhook endpoints (signing secret encrypted under the org key) and their delivery log.
public struct WebhookRepository: Sendable {
    let database: Database
    let keyring: Keyring
    let clock: any WallClock

    public static let maxAttempts = 8

    public init(database: Database, keyring: Keyring, clock: any WallClock) {
        self.database = database
        self.keyring = keyring
        self.clock = clock
    }

    static func decodeEndpoint(_ row: any SQLRow) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            events: try row.decode(column: "events", as: String.self).split(separator: ",").map(String.init),
            createdAt: Int64(try row.decode(column: "created_at", as: Int.self)))
    }

    static let deliveryColumns = """
        id, org_id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, last_status_code, last_error,
        created_at, delivered_at
        """

    static func decodeDelivery(_ row: any SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            endpointID: try row.decode(column: "endpoint_id", as: String.self), eventID: try row.decode(column: "event_id", as: String.self),
            eventType: try row.decode(column: "event_type", as: String.self), payload: try row.decode(column: "payload", as: String.self),
            status: WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int?.self).map(Int64.init),
            lastStatusCode: try row.decode(column: "last_status_code", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Int64(try row.decode(column: "created_at", as: Int.self)),
            deliveredAt: try row.decode(column: "delivered_at", as: Int?.self).map(Int64.init))
    }

    /// Adds an endpoint; returns it with its signing secret (shown once).
    public func create(org: String, url: String, events: [String]) async throws -> (WebhookEndpoint, secret: String) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, url.utf8.count <= 2048 else {
            throw ParleyError.validation("url must be an absolute http(s) URL", field: "url")
        }
        let unknown = events.filter { !WebhookEndpoint.eventTypes.contains($0) }
        guard !events.isEmpty, unknown.isEmpty else {
            throw ParleyError.validation("events must be one or more of \(WebhookEndpoint.eventTypes.joined(separator: ", "))", field: "events")
        }
        let now = clock.nowMicros()
        let endpoint = WebhookEndpoint(id: ResourceID.make("whk", timeMicros: now), orgID: org, url: url,
                                       events: Array(Set(events)).sorted(), createdAt: now)
        let secret = "whsec_" + SecureToken.random(bytes: 24)
        let sealed = try FieldCipher.seal(secret, key: try await keyring.orgKey(org), context: "webhook_endpoints.secret.\(endpoint.id)")
        try await database.transaction(org: org) { db in
            try await db.raw("""
                INSERT INTO webhook_endpoints (id, org_id, url, events, secret_enc, created_at)
                VALUES (\(bind: endpoint.id), \(bind: org), \(bind: url), \(bind: endpoint.events.joined(separator: ",")), \(bind: sealed), \(bind: now))
                """).run()
        }
        return (endpoint, secret)
    }

    public func find(_ id: String, org: String) async throws -> WebhookEndpoint? {
        try await database.read(org: org) { db in
            try await db.raw("SELECT id, org_id, url, events, created_at FROM webhook_endpoints WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decodeEndpoint)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<WebhookEndpoint> {
        let rows = try await database.read(org: org) { db in
            try await db.raw("""
                SELECT id, org_id, url, events, created_at FROM webhook_endpoints WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decodeEndpoint), limit: page.limit, id: \.id)
    }

    public func delete(_ id: String, org: String) async throws -> Bool {
        try await database.transaction(org: org) { db in
            guard try await db.raw("SELECT id FROM webhook_endpoints WHERE id = \(bind: id) AND org_id = \(bind: org)").first() != nil else { return false }
            try await db.raw("DELETE FROM webhook_endpoints WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
            try await db.raw("""
                UPDATE webhook_deliveries SET status = \(bind: WebhookDelivery.Status.failed.rawValue), next_attempt_at = NULL,
                    last_error = 'endpoint deleted' WHERE endpoint_id = \(bind: id) AND org_id = \(bind: org) AND status = 'pending'
                """).run()
            return true
        }
    }

    /// Queues `type` with `data` (a JSON object) for every endpoint of the org subscribed to it.
    /// Returns the number of deliveries queued.
    @discardableResult
    public func enqueue(org: String, type: String, data: String) async throws -> Int {
        let now = clock.nowMicros()
        let eventID = ResourceID.make("evt", timeMicros: now)
        let payload = #"{"id":"\#(eventID)","type":"\#(type)","created_at":"\#(RFC3339.format(micros: now))","data":\#(data)}"#
        return try await database.transaction(org: org) { db in
            let endpoints = try await db.raw("SELECT id, org_id, url, events, created_at FROM webhook_endpoints WHERE org_id = \(bind: org)")
                .all().map(Self.decodeEndpoint).filter { $0.events.contains(type) }
            for endpoint in endpoints {
                try await db.raw("""
                    INSERT INTO webhook_deliveries (id, org_id, endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
                    VALUES (\(bind: ResourceID.make("dlv", timeMicros: now)), \(bind: org), \(bind: endpoint.id), \(bind: eventID), \(bind: type),
                        \(bind: payload), \(bind: WebhookDelivery.Status.pending.rawValue), 0, \(bind: now), \(bind: now))
                    """).run()
            }
            return endpoints.count
        }
    }

    /// Deliveries due now, any org, oldest first, with each endpoint's URL and secret.
    public func due(limit: Int) async throws -> [(delivery: WebhookDelivery, url: String, secret: String)] {
        let now = clock.nowMicros()
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT d.id, d.org_id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.status, d.attempts, d.next_attempt_at,
                    d.last_status_code, d.last_error, d.created_at, d.delivered_at, e.url, e.secret_enc
                FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.org_id = d.org_id
                WHERE d.status = \(bind: WebhookDelivery.Status.pending.rawValue) AND d.next_attempt_at <= \(bind: now)
                ORDER BY d.next_attempt_at LIMIT \(bind: limit)
                """).all()
        }
        var result: [(WebhookDelivery, String, String)] = []
        for row in rows {
            let delivery = try Self.decodeDelivery(row)
            let secret = try FieldCipher.open(try row.decode(column: "secret_enc", as: String.self), key: try await keyring.orgKey(delivery.orgID),
                                              context: "webhook_endpoints.secret.\(delivery.endpointID)")
            result.append((delivery, try row.decode(column: "url", as: String.self), secret))
        }
        return result
    }

    /// Records one attempt: delivered, or retried after `retryAfter` µs, or failed for good
    /// after `maxAttempts` — or at once when `permanent` (retrying cannot help, e.g. a refused target).
    public func recordAttempt(_ id: String, org: String, statusCode: Int?, error: String?, retryAfterMicros: Int64,
                              permanent: Bool = false) async throws {
        let now = clock.nowMicros()
        let delivered = statusCode.map { (200..<300).contains($0) } ?? false
        try await database.transaction(org: org) { db in
            guard let row = try await db.raw("SELECT attempts FROM webhook_deliveries WHERE id = \(bind: id) AND org_id = \(bind: org)").first() else { return }
            let attempts = try row.decode(column: "attempts", as: Int.self) + 1
            let status: WebhookDelivery.Status = delivered ? .delivered : permanent || attempts >= Self.maxAttempts ? .failed : .pending
            let next: Int64? = status == .pending ? now + retryAfterMicros : nil
            try await db.raw("""
                UPDATE webhook_deliveries SET status = \(bind: status.rawValue), attempts = \(bind: attempts), next_attempt_at = \(bind: next),
                    last_status_code = \(bind: statusCode), last_error = \(bind: error.map { String($0.prefix(500)) }),
                    delivered_at = \(bind: delivered ? now : nil)
                WHERE id = \(bind: id) AND org_id = \(bind: org)
                """).run()
        }
    }

    public func deliveries(endpoint: String, org: String, page: PageRequest) async throws -> Page<WebhookDelivery> {
        let rows = try await database.read(org: org) { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM webhook_deliveries
                WHERE org_id = \(bind: org) AND endpoint_id = \(bind: endpoint) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decodeDelivery), limit: page.limit, id: \.id)
    }
}
