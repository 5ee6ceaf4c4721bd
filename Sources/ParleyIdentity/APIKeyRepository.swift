import ParleyCore
import ParleyStorage
import SQLKit

/// API keys: `pk_` + 43 base62 characters (256 bits). Only the SHA-256 of the token is stored.
public struct APIKeyRepository: Sendable {
    let database: Database
    let clock: any WallClock

    public static let tokenPrefix = "pk_"

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    static let columns = "id, org_id, name, role, prefix, created_by, created_at, last_used_at, revoked_at"

    static func decode(_ row: any SQLRow) throws -> APIKey {
        APIKey(id: try row.string("id"), orgID: try row.string("org_id"), name: try row.string("name"),
               role: try row.role(), prefix: try row.string("prefix"), createdBy: try row.optionalString("created_by"),
               createdAt: try row.int64("created_at"), lastUsedAt: try row.optionalInt64("last_used_at"),
               revokedAt: try row.optionalInt64("revoked_at"))
    }

    /// Creates a key; the returned token is the only time the secret exists outside the caller.
    public func create(org: String, name: String, role: Role, createdBy: String?) async throws -> (APIKey, token: String) {
        let name = name.isEmpty ? "API key" : name
        guard name.count <= 100 else { throw ParleyError.validation("name must be at most 100 characters", field: "name") }
        let token = Self.tokenPrefix + SecureToken.random(bytes: 32)
        let now = clock.nowMicros()
        let key = APIKey(id: ResourceID.make("key", timeMicros: now), orgID: org, name: name, role: role,
                         prefix: String(token.prefix(11)), createdBy: createdBy, createdAt: now, lastUsedAt: nil, revokedAt: nil)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO api_keys (id, org_id, name, role, prefix, secret_hash, created_by, created_at)
                VALUES (\(bind: key.id), \(bind: org), \(bind: name), \(bind: role.rawValue), \(bind: key.prefix),
                        \(bind: SecureToken.sha256Hex(token)), \(bind: createdBy), \(bind: now))
                """).run()
        }
        return (key, token)
    }

    /// The active key for a presented token, or nil.
    public func authenticate(token: String) async throws -> APIKey? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200 else { return nil }
        let hash = SecureToken.sha256Hex(token)
        return try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM api_keys WHERE secret_hash = \(bind: hash) AND revoked_at IS NULL")
                .first().map(Self.decode)
        }
    }

    public func find(_ id: String, org: String) async throws -> APIKey? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM api_keys WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<APIKey> {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM api_keys WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decode), limit: page.limit, id: \.id)
    }

    /// Revokes a key (idempotent); returns the key as it now is.
    public func revoke(_ id: String, org: String) async throws -> APIKey? {
        let now = clock.nowMicros()
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE api_keys SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND org_id = \(bind: org) AND revoked_at IS NULL
                """).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM api_keys WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    /// Writes coalesced last-used times (one statement per key per flush).
    public func recordUsage(_ usage: [String: Int64]) async throws {
        guard !usage.isEmpty else { return }
        try await database.transaction { db in
            for (id, at) in usage.sorted(by: { $0.key < $1.key }) {
                try await db.raw("""
                    UPDATE api_keys SET last_used_at = \(bind: at)
                    WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: at))
                    """).run()
            }
        }
    }
}
