import ParleyCore
import ParleyStorage
import SQLKit

/// Invitations by link. The token travels in the link; only its SHA-256 is stored.
public struct InvitationRepository: Sendable {
    let database: Database
    let clock: any WallClock
    let hasher: PasswordHasher
    let cipher: PersonalDataCipher

    public static let defaultLifetimeSeconds: Int64 = 7 * 24 * 3600

    public init(database: Database, clock: any WallClock, hasher: PasswordHasher, cipher: PersonalDataCipher) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.cipher = cipher
    }

    static let columns = "id, org_id, email_enc, role, invited_by, expires_at, accepted_at, revoked_at, created_at"

    func decode(_ row: any SQLRow) throws -> Invitation {
        let id = try row.string("id")
        return Invitation(id: id, orgID: try row.string("org_id"), email: try cipher.open(try row.string("email_enc"), "invitations.email", id),
                   role: try row.role(), invitedBy: try row.optionalString("invited_by"), expiresAt: try row.int64("expires_at"),
                   acceptedAt: try row.optionalInt64("accepted_at"), revokedAt: try row.optionalInt64("revoked_at"),
                   createdAt: try row.int64("created_at"))
    }

    public func create(org: String, email: String, role: Role, invitedBy: String?,
                       lifetimeSeconds: Int64 = InvitationRepository.defaultLifetimeSeconds) async throws -> (Invitation, token: String) {
        let address = try EmailAddress(email)
        guard (60...(90 * 24 * 3600)).contains(lifetimeSeconds) else {
            throw ParleyError.validation("expires_in_seconds must be between 60 and 7776000", field: "expires_in_seconds")
        }
        let now = clock.nowMicros()
        let token = "inv_" + SecureToken.random(bytes: 32)
        let inv = Invitation(id: ResourceID.make("inv", timeMicros: now), orgID: org, email: address.value, role: role,
                             invitedBy: invitedBy, expiresAt: now + lifetimeSeconds * 1_000_000, acceptedAt: nil,
                             revokedAt: nil, createdAt: now)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO invitations (id, org_id, email_enc, role, token_hash, invited_by, expires_at, created_at)
                VALUES (\(bind: inv.id), \(bind: org), \(bind: try cipher.seal(inv.email, "invitations.email", inv.id)), \(bind: role.rawValue),
                        \(bind: SecureToken.sha256Hex(token)), \(bind: invitedBy), \(bind: inv.expiresAt), \(bind: now))
                """).run()
        }
        return (inv, token)
    }

    public func find(_ id: String, org: String) async throws -> Invitation? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(decode)
        }
    }

    /// The invitation a link token names, whatever its state.
    public func find(token: String) async throws -> Invitation? {
        guard token.hasPrefix("inv_"), token.utf8.count < 200 else { return nil }
        return try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE token_hash = \(bind: SecureToken.sha256Hex(token))")
                .first().map(decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<Invitation> {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(decode), limit: page.limit, id: \.id)
    }

    public func revoke(_ id: String, org: String) async throws -> Invitation? {
        let now = clock.nowMicros()
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE invitations SET revoked_at = \(bind: now)
                WHERE id = \(bind: id) AND org_id = \(bind: org) AND revoked_at IS NULL AND accepted_at IS NULL
                """).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM invitations WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(decode)
        }
    }

    /// Accepts a pending invitation: joins an existing user (matched by the invited email) or creates one
    /// with `name` and `password`. Returns the member's user id.
    public func accept(token: String, name: String, password: String?) async throws -> (userID: String, orgID: String) {
        guard let inv = try await find(token: token) else { throw ParleyError.notFound("invitation") }
        let now = clock.nowMicros()
        guard inv.status(at: now) == "pending" else {
            throw ParleyError(.conflict, "this invitation is \(inv.status(at: now))", field: "token")
        }
        var newHash: String?
        let email = try EmailAddress(inv.email)
        let existing = try await UserRepository(database: database, clock: clock, hasher: hasher, cipher: cipher).userID(email: email)
        if existing == nil {
            guard let password else { throw ParleyError.validation("password is required to create your account", field: "password") }
            try hasher.validate(password)
            newHash = try await hasher.hash(password)
        }
        let passwordHash = newHash ?? ""
        let cipher = self.cipher
        return try await database.transaction { db in
            // Claim the invitation first so two concurrent accepts can't both succeed.
            let claimed = try await db.raw("""
                UPDATE invitations SET accepted_at = \(bind: now)
                WHERE id = \(bind: inv.id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
                """).first()
            guard claimed != nil else { throw ParleyError(.conflict, "this invitation was already used", field: "token") }
            let userID: String
            if let existing {
                userID = existing
            } else {
                userID = try await UserRepository.insert(db, cipher: cipher, email: email, name: name, passwordHash: passwordHash, now: now).id
            }
            _ = try await MembershipRepository.insert(db, orgID: inv.orgID, userID: userID, role: inv.role, now: now)
            return (userID, inv.orgID)
        }
    }
}
