import ParleyCore
import ParleyStorage
import SQLKit

/// Users. Reads through an org only return users who are members of it.
public struct UserRepository: Sendable {
    let database: Database
    let clock: any WallClock
    public let hasher: PasswordHasher
    let cipher: PersonalDataCipher

    public init(database: Database, clock: any WallClock, hasher: PasswordHasher, cipher: PersonalDataCipher) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.cipher = cipher
    }

    /// A user with their secrets, for authentication only; never serialised.
    public struct Credentials: Sendable {
        public var user: User
        public var passwordHash: String
        public var totpSecret: String?
        public var mustChangePassword: Bool
    }

    static let columns = "u.id, u.email_enc, u.name_enc, u.totp_enabled_at, u.created_at"

    static func decode(_ row: any SQLRow, _ cipher: PersonalDataCipher) throws -> User {
        let id = try row.string("id")
        return User(id: id, email: try cipher.open(try row.string("email_enc"), "users.email", id),
                    name: try cipher.open(try row.string("name_enc"), "users.name", id),
                    totpEnabled: try row.optionalInt64("totp_enabled_at") != nil, createdAt: try row.int64("created_at"))
    }

    func decode(_ row: any SQLRow) throws -> User { try Self.decode(row, cipher) }

    /// Inserts a user inside an existing transaction (the password is already hashed).
    static func insert(_ db: any SQLDatabase, cipher: PersonalDataCipher, email: EmailAddress, name: String, passwordHash: String,
                       now: Int64, mustChangePassword: Bool = false) async throws -> User {
        let name = name.isEmpty ? String(email.value.prefix(while: { $0 != "@" })) : name
        let user = User(id: ResourceID.make("usr", timeMicros: now), email: email.value, name: name, totpEnabled: false, createdAt: now)
        do {
            try await db.raw("""
                INSERT INTO users (id, email_index, email_enc, name, name_enc, password_hash, must_change_password, created_at)
                VALUES (\(bind: user.id), \(bind: try cipher.emailIndex(email)), \(bind: try cipher.seal(email.value, "users.email", user.id)),
                        '', \(bind: try cipher.seal(name, "users.name", user.id)), \(bind: passwordHash),
                        \(bind: mustChangePassword ? 1 : 0), \(bind: now))
                """).run()
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ParleyError(.conflict, "a user with that email already exists", field: "email")
        }
        return user
    }

    /// Creates a user and makes them a member of `org` with `role`, in one transaction.
    public func create(email: String, name: String, password: String, org: String, role: Role) async throws -> User {
        let address = try EmailAddress(email)
        guard name.count <= 200 else { throw ParleyError.validation("name must be at most 200 characters", field: "name") }
        try hasher.validate(password)
        let hash = try await hasher.hash(password)
        let now = clock.nowMicros()
        return try await database.transaction { db in
            let user = try await Self.insert(db, cipher: cipher, email: address, name: name, passwordHash: hash, now: now)
            _ = try await MembershipRepository.insert(db, orgID: org, userID: user.id, role: role, now: now)
            return user
        }
    }

    public func find(_ id: String, org: String) async throws -> User? {
        try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM users u JOIN memberships m ON m.user_id = u.id
                WHERE u.id = \(bind: id) AND m.org_id = \(bind: org)
                """).first().map(decode)
        }
    }

    /// A user by id regardless of org (the user's own session).
    public func find(_ id: String) async throws -> User? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM users u WHERE u.id = \(bind: id)").first().map(decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<User> {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM users u JOIN memberships m ON m.user_id = u.id
                WHERE m.org_id = \(bind: org) AND u.id > \(bind: page.after ?? "") ORDER BY u.id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(decode), limit: page.limit, id: \.id)
    }

    public func credentials(email: String) async throws -> Credentials? {
        guard let address = try? EmailAddress(email) else { return nil }
        let index = try cipher.emailIndex(address)
        let row = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns), u.password_hash, u.totp_enc, u.must_change_password FROM users u WHERE u.email_index = \(bind: index)
                """).first()
        }
        return try row.map(credentials)
    }

    func credentials(_ row: any SQLRow) throws -> Credentials {
        let user = try decode(row)
        return Credentials(user: user, passwordHash: try row.string("password_hash"),
                           totpSecret: try row.optionalString("totp_enc").map { try cipher.open($0, "users.totp", user.id) },
                           mustChangePassword: try row.decode(column: "must_change_password", as: Int.self) != 0)
    }

    /// The user id for an email, if an account exists.
    public func userID(email: EmailAddress) async throws -> String? {
        let index = try cipher.emailIndex(email)
        return try await database.read { db in
            try await db.raw("SELECT id FROM users WHERE email_index = \(bind: index)").first()?.decode(column: "id", as: String.self)
        }
    }

    public func credentials(userID: String) async throws -> Credentials? {
        let row = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns), u.password_hash, u.totp_enc, u.must_change_password FROM users u WHERE u.id = \(bind: userID)
                """).first()
        }
        return try row.map(credentials)
    }

    /// Renames a member of `org`.
    public func rename(_ id: String, to name: String, org: String) async throws -> User? {
        guard !name.isEmpty, name.count <= 200 else { throw ParleyError.validation("name must be 1–200 characters", field: "name") }
        let sealed = try cipher.seal(name, "users.name", id)
        return try await database.transaction { db in
            guard try await db.raw("SELECT id FROM memberships WHERE user_id = \(bind: id) AND org_id = \(bind: org)").first() != nil else {
                return nil
            }
            try await db.raw("UPDATE users SET name_enc = \(bind: sealed) WHERE id = \(bind: id)").run()
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM users u WHERE u.id = \(bind: id)").first().map(decode)
        }
    }

    public func setPassword(userID: String, password: String) async throws {
        try hasher.validate(password)
        let hash = try await hasher.hash(password)
        try await database.transaction { db in
            try await db.raw("UPDATE users SET password_hash = \(bind: hash), must_change_password = 0 WHERE id = \(bind: userID)").run()
            // Changing the password ends every other session.
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
    }

    /// Stores a pending TOTP secret (not yet enforced until `enableTOTP`).
    public func setPendingTOTPSecret(userID: String, secret: String) async throws {
        let sealed = try cipher.seal(secret, "users.totp", userID)
        try await database.transaction { db in
            try await db.raw("UPDATE users SET totp_enc = \(bind: sealed), totp_enabled_at = NULL WHERE id = \(bind: userID)").run()
        }
    }

    /// Turns on TOTP once the user proves they hold the secret.
    public func enableTOTP(userID: String, code: String) async throws -> Bool {
        guard let creds = try await credentials(userID: userID), let secret = creds.totpSecret,
              TOTP.verify(code, secret: secret, at: clock.nowSeconds()) else { return false }
        let now = clock.nowMicros()
        try await database.transaction { db in
            try await db.raw("UPDATE users SET totp_enabled_at = \(bind: now) WHERE id = \(bind: userID)").run()
        }
        return true
    }

    public func disableTOTP(userID: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE users SET totp_enc = NULL, totp_enabled_at = NULL WHERE id = \(bind: userID)").run()
        }
    }
}
