import ParleyCore
import ParleyStorage
import SQLKit

/// Remembers POST responses per (org, actor, Idempotency-Key) for 24 hours, Stripe-style:
/// the same key and body replays the first response; a different body is refused (422).
public struct IdempotencyStore: Sendable {
    let database: Database
    let clock: any WallClock
    static let lifetimeMicros: Int64 = 24 * 3600 * 1_000_000

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public struct Stored: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: String
    }

    public enum Claim: Sendable, Equatable {
        /// First use: run the request, then `complete`.
        case claimed
        /// Seen before with the same body: replay this.
        case replay(Stored)
    }

    /// Claims `key` for a request whose fingerprint is `requestHash`.
    public func claim(org: String, actor: String, key: String, requestHash: String) async throws -> Claim {
        let now = clock.nowMicros()
        return try await bookkeeping { db in
            try await db.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: now - Self.lifetimeMicros)").run()
            if let row = try await db.raw("""
                SELECT request_hash, status, content_type, response_body FROM idempotency_keys
                WHERE org_id = \(bind: org) AND actor = \(bind: actor) AND idem_key = \(bind: key)
                """).first() {
                guard try row.decode(column: "request_hash", as: String.self) == requestHash else {
                    throw ParleyError(.idempotencyMismatch, "this Idempotency-Key was already used with a different request", field: "Idempotency-Key")
                }
                guard let status = try row.decode(column: "status", as: Int?.self) else {
                    throw ParleyError(.conflict, "a request with this Idempotency-Key is still in progress", field: "Idempotency-Key")
                }
                return .replay(Stored(status: status, contentType: try row.decode(column: "content_type", as: String?.self) ?? "application/json",
                                      body: try row.decode(column: "response_body", as: String?.self) ?? ""))
            }
            try await db.raw("""
                INSERT INTO idempotency_keys (org_id, actor, idem_key, request_hash, created_at)
                VALUES (\(bind: org), \(bind: actor), \(bind: key), \(bind: requestHash), \(bind: now))
                """).run()
            return .claimed
        }
    }

    /// Stores the response of a claimed request.
    public func complete(org: String, actor: String, key: String, response: Stored) async throws {
        try await bookkeeping { db in
            try await db.raw("""
                UPDATE idempotency_keys SET status = \(bind: response.status), content_type = \(bind: response.contentType),
                    response_body = \(bind: response.body)
                WHERE org_id = \(bind: org) AND actor = \(bind: actor) AND idem_key = \(bind: key)
                """).run()
        }
    }

    /// Releases a claim whose request failed on our side, so a retry can run.
    public func release(org: String, actor: String, key: String) async throws {
        try await bookkeeping { db in
            try await db.raw("""
                DELETE FROM idempotency_keys WHERE org_id = \(bind: org) AND actor = \(bind: actor) AND idem_key = \(bind: key) AND status IS NULL
                """).run()
        }
    }

    /// Idempotency records are not the change a request makes: they never carry its audit event.
    private func bookkeeping<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await CommitHook.suspended { try await database.transaction(body) }
    }
}
