import Foundation
import ParleyCore
import ParleyStorage
import SQLKit

/// Provider credentials (Twilio auth token, LLM API keys, trunk passwords, webhook signing
/// secrets) encrypted under the organization key. Values are write-only from outside: lists
/// show a masked hint; only server code asks for the plaintext.
public struct OrgSecretStore: Sendable {
    let database: Database
    let keyring: Keyring
    let clock: any WallClock

    public init(database: Database, keyring: Keyring, clock: any WallClock) {
        self.database = database
        self.keyring = keyring
        self.clock = clock
    }

    public static let migrations: [Migration] = [
        Migration(module: "keyring", version: 2, name: "org_secrets", sql: [
            """
            CREATE TABLE org_secrets (
                org_id TEXT NOT NULL, name TEXT NOT NULL, ciphertext TEXT NOT NULL, hint TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (org_id, name))
            """,
        ]),
    ]

    /// What may be shown about a secret.
    public struct Summary: Sendable, Equatable {
        public var name: String
        /// `••••` plus the last 4 characters (only for values of 12+ characters).
        public var hint: String
        public var createdAt: Int64
        public var updatedAt: Int64
    }

    /// Secret names: lowercase letters, digits, `_`, `.`, `-`; 1–64 characters (e.g. `twilio.auth_token`).
    public static func validate(name: String) throws(ParleyError) {
        let ok = (1...64).contains(name.count) && name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "." || $0 == "-"
        }
        guard ok else {
            throw ParleyError.validation("secret names are 1–64 characters of a–z, 0–9, '_', '.', '-'", field: "name")
        }
    }

    static func hint(for value: String) -> String {
        value.count >= 12 ? "••••" + String(value.suffix(4)) : "••••"
    }

    static func context(org: String, name: String) -> String { "org_secrets|\(org)|\(name)" }

    /// Creates or replaces a secret.
    @discardableResult
    public func set(org: String, name: String, value: String) async throws -> Summary {
        try Self.validate(name: name)
        guard (1...4096).contains(value.unicodeScalars.count) else {
            throw ParleyError.validation("value must be 1–4096 characters", field: "value")
        }
        let sealed = try FieldCipher.seal(value, key: try await keyring.orgKey(org), context: Self.context(org: org, name: name))
        let now = clock.nowMicros()
        let hint = Self.hint(for: value)
        return try await database.transaction(org: org) { db in
            let existing = try await db.raw("SELECT created_at FROM org_secrets WHERE org_id = \(bind: org) AND name = \(bind: name)").first()
            if let existing {
                try await db.raw("""
                    UPDATE org_secrets SET ciphertext = \(bind: sealed), hint = \(bind: hint), updated_at = \(bind: now)
                    WHERE org_id = \(bind: org) AND name = \(bind: name)
                    """).run()
                return Summary(name: name, hint: hint, createdAt: Int64(try existing.decode(column: "created_at", as: Int.self)), updatedAt: now)
            }
            try await db.raw("""
                INSERT INTO org_secrets (org_id, name, ciphertext, hint, created_at, updated_at)
                VALUES (\(bind: org), \(bind: name), \(bind: sealed), \(bind: hint), \(bind: now), \(bind: now))
                """).run()
            return Summary(name: name, hint: hint, createdAt: now, updatedAt: now)
        }
    }

    public func list(org: String) async throws -> [Summary] {
        try await database.read(org: org) { db in
            try await db.raw("SELECT name, hint, created_at, updated_at FROM org_secrets WHERE org_id = \(bind: org) ORDER BY name").all().map {
                Summary(name: try $0.decode(column: "name", as: String.self), hint: try $0.decode(column: "hint", as: String.self),
                        createdAt: Int64(try $0.decode(column: "created_at", as: Int.self)),
                        updatedAt: Int64(try $0.decode(column: "updated_at", as: Int.self)))
            }
        }
    }

    /// The plaintext, for server-side use only (provider clients). Never return it to an API caller.
    public func reveal(org: String, name: String) async throws -> String? {
        let sealed = try await database.read(org: org) { db in
            try await db.raw("SELECT ciphertext FROM org_secrets WHERE org_id = \(bind: org) AND name = \(bind: name)").first()?
                .decode(column: "ciphertext", as: String.self)
        }
        guard let sealed else { return nil }
        return try FieldCipher.open(sealed, key: try await keyring.orgKey(org), context: Self.context(org: org, name: name))
    }

    /// Deletes a secret; false when there was none.
    public func delete(org: String, name: String) async throws -> Bool {
        try await database.transaction(org: org) { db in
            let found = try await db.raw("SELECT name FROM org_secrets WHERE org_id = \(bind: org) AND name = \(bind: name)").first() != nil
            if found { try await db.raw("DELETE FROM org_secrets WHERE org_id = \(bind: org) AND name = \(bind: name)").run() }
            return found
        }
    }
}
