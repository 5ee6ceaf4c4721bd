import ParleyCore
import ParleyStorage
import SQLKit

/// First-run setup: a fresh database gets a default organization and an owner with a one-time password.
public struct Bootstrap: Sendable {
    let database: Database
    let clock: any WallClock
    let hasher: PasswordHasher
    let cipher: PersonalDataCipher

    public init(database: Database, clock: any WallClock, hasher: PasswordHasher, cipher: PersonalDataCipher) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.cipher = cipher
    }

    /// What was created, to be shown to the operator exactly once.
    public struct Created: Sendable {
        public var organization: Organization
        public var ownerEmail: String
        public var oneTimePassword: String
    }

    /// Creates the default org and owner when the database has no organization yet; otherwise nil.
    public func ensureDefaultOrganization(ownerEmail: String, orgName: String = "Default organization") async throws -> Created? {
        let email = try EmailAddress(ownerEmail)
        let hasAny = try await database.read { db in try await db.raw("SELECT id FROM orgs LIMIT 1").first() != nil }
        if hasAny { return nil }
        let password = SecureToken.random(bytes: 12)
        let hash = try await hasher.hash(password)
        let now = clock.nowMicros()
        let flavor = database.flavor
        let cipher = self.cipher
        return try await database.transaction { db in
            if flavor == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(123640900365690)").run()
            }
            // Re-check under the lock: another node may have won.
            if try await db.raw("SELECT id FROM orgs LIMIT 1").first() != nil { return nil }
            let org = try await OrganizationRepository.insert(db, name: orgName, parentID: nil, isDefault: true, now: now)
            let user = try await UserRepository.insert(db, cipher: cipher, email: email, name: "Owner", passwordHash: hash, now: now, mustChangePassword: true)
            _ = try await MembershipRepository.insert(db, orgID: org.id, userID: user.id, role: .owner, now: now)
            return Created(organization: org, ownerEmail: email.value, oneTimePassword: password)
        }
    }
}
