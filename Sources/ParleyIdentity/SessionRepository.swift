import ParleyCore
import ParleyStorage
import SQLKit

/// Dashboard login sessions. The cookie carries a random token; only its SHA-256 is stored.
public struct SessionRepository: Sendable {
    let database: Database
    let clock: any WallClock
    public let lifetimeMicros: Int64

    public init(database: Database, clock: any WallClock, lifetimeSeconds: Int64 = 12 * 3600) {
        self.database = database
        self.clock = clock
        self.lifetimeMicros = lifetimeSeconds * 1_000_000
    }

    public struct Session: Sendable, Equatable {
        public var id: String
        public var userID: String
        public var csrfToken: String
        public var orgID: String?
        public var awaitingTOTP: Bool
        public var expiresAt: Int64
    }

    static func decode(_ row: any SQLRow) throws -> Session {
        Session(id: try row.string("id"), userID: try row.string("user_id"), csrfToken: try row.string("csrf_token"),
                orgID: try row.optionalString("org_id"), awaitingTOTP: try row.decode(column: "awaiting_totp", as: Int.self) != 0,
                expiresAt: try row.int64("expires_at"))
    }

    /// Starts a session; returns it with the cookie token (shown to the browser only).
    public func create(userID: String, orgID: String?, awaitingTOTP: Bool) async throws -> (Session, token: String) {
        let now = clock.nowMicros()
        let token = SecureToken.random(bytes: 32)
        let session = Session(id: ResourceID.make("ses", timeMicros: now), userID: userID, csrfToken: SecureToken.random(bytes: 24),
                              orgID: orgID, awaitingTOTP: awaitingTOTP, expiresAt: now + lifetimeMicros)
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: now)").run()
            try await db.raw("""
                INSERT INTO sessions (id, user_id, token_hash, csrf_token, org_id, awaiting_totp, created_at, expires_at)
                VALUES (\(bind: session.id), \(bind: userID), \(bind: SecureToken.sha256Hex(token)), \(bind: session.csrfToken),
                        \(bind: orgID), \(bind: awaitingTOTP ? 1 : 0), \(bind: now), \(bind: session.expiresAt))
                """).run()
        }
        return (session, token)
    }

    /// The live session for a cookie token, or nil when unknown or expired.
    public func find(token: String) async throws -> Session? {
        guard !token.isEmpty, token.utf8.count < 200 else { return nil }
        let now = clock.nowMicros()
        return try await database.read { db in
            try await db.raw("""
                SELECT id, user_id, csrf_token, org_id, awaiting_totp, expires_at FROM sessions
                WHERE token_hash = \(bind: SecureToken.sha256Hex(token)) AND expires_at > \(bind: now)
                """).first().map(Self.decode)
        }
    }

    public func completeTOTP(_ id: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sessions SET awaiting_totp = 0 WHERE id = \(bind: id)").run()
        }
    }

    public func switchOrg(_ id: String, to orgID: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sessions SET org_id = \(bind: orgID) WHERE id = \(bind: id)").run()
        }
    }

    public func delete(_ id: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE id = \(bind: id)").run()
        }
    }
}
