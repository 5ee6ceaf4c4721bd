import Crypto
import ParleyCore
import ParleyIdentity
import ParleyServer
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct IdentityRepositoryTests {
    struct Fixture: Sendable {
        let db: Database
        let clock: ManualClock
        let hasher = PasswordHasher(cost: 4)
        let cipher = PersonalDataCipher(systemKey: SymmetricKey(size: .bits256))
        var users: UserRepository { UserRepository(database: db, clock: clock, hasher: hasher, cipher: cipher) }
        var memberships: MembershipRepository { MembershipRepository(database: db, clock: clock) }
        var invitations: InvitationRepository { InvitationRepository(database: db, clock: clock, hasher: hasher, cipher: cipher) }
        var orgs: OrganizationRepository { OrganizationRepository(database: db, clock: clock) }
        var keys: APIKeyRepository { APIKeyRepository(database: db, clock: clock) }
    }

    static func with(_ flavor: DatabaseFlavor, _ body: @Sendable (Fixture, _ orgID: String) async throws -> Void) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: ParleyServer.migrations, clock: clock, logger: TestDatabase.logger).migrate(db)
            let fixture = Fixture(db: db, clock: clock)
            let created = try await Bootstrap(database: db, clock: clock, hasher: fixture.hasher, cipher: fixture.cipher)
                .ensureDefaultOrganization(ownerEmail: "owner@example.com")
            let org = try #require(created).organization.id
            try await body(fixture, org)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func bootstrapHappensOnce(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, _ in
            let again = try await Bootstrap(database: f.db, clock: f.clock, hasher: f.hasher, cipher: f.cipher).ensureDefaultOrganization(ownerEmail: "x@example.com")
            #expect(again == nil)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func repositoriesNeverReturnAnotherOrgsRows(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, orgA in
            let orgB = try await f.orgs.createChild(name: "B", parent: orgA, ownerUserID: nil).id
            let user = try await f.users.create(email: "a@example.com", name: "A", password: "long enough pw", org: orgA, role: .member)
            let (key, _) = try await f.keys.create(org: orgA, name: "k", role: .viewer, createdBy: nil)
            let (inv, _) = try await f.invitations.create(org: orgA, email: "i@example.com", role: .viewer, invitedBy: nil)
            let membership = try #require(try await f.memberships.find(user: user.id, org: orgA))
            #expect(try await f.users.find(user.id, org: orgB) == nil)
            #expect(try await f.keys.find(key.id, org: orgB) == nil)
            #expect(try await f.invitations.find(inv.id, org: orgB) == nil)
            #expect(try await f.memberships.find(membership.id, org: orgB) == nil)
            #expect(try await f.keys.revoke(key.id, org: orgB) == nil)
            #expect(try await f.memberships.delete(membership.id, org: orgB) == nil)
            // The child org cannot see its parent.
            #expect(try await f.orgs.find(orgA, scope: orgB) == nil)
            #expect(try await f.orgs.find(orgB, scope: orgA) != nil)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func theLastOwnerCannotBeRemovedOrDemoted(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, org in
            let owner = try #require(try await f.memberships.list(org: org, page: .init()).items.first { $0.role == .owner })
            await #expect(throws: ParleyError.self) { _ = try await f.memberships.updateRole(owner.id, org: org, role: .admin) }
            await #expect(throws: ParleyError.self) { _ = try await f.memberships.delete(owner.id, org: org) }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func invitationsAreAcceptedOnceAndExpire(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, org in
            let (_, token) = try await f.invitations.create(org: org, email: "new@example.com", role: .manager, invitedBy: nil)
            let (userID, joined) = try await f.invitations.accept(token: token, name: "New", password: "a long password")
            #expect(joined == org)
            #expect(try await f.memberships.find(user: userID, org: org)?.role == .manager)
            await #expect(throws: ParleyError.self) { _ = try await f.invitations.accept(token: token, name: "New", password: "a long password") }
            let (_, late) = try await f.invitations.create(org: org, email: "late@example.com", role: .viewer, invitedBy: nil, lifetimeSeconds: 60)
            f.clock.advance(seconds: 61)
            await #expect(throws: ParleyError.self) { _ = try await f.invitations.accept(token: late, name: "", password: "a long password") }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func apiKeysAuthenticateByTokenOnlyAndStoreNoSecret(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, org in
            let (key, token) = try await f.keys.create(org: org, name: "k", role: .admin, createdBy: nil)
            #expect(try await f.keys.authenticate(token: token)?.id == key.id)
            #expect(try await f.keys.authenticate(token: token + "x") == nil)
            let stored = try await f.db.read { db in
                try await db.raw("SELECT secret_hash, prefix FROM api_keys WHERE id = \(bind: key.id)").first()
            }
            let hash = try #require(stored).decode(column: "secret_hash", as: String.self)
            #expect(hash == SecureToken.sha256Hex(token))
            #expect(!hash.contains(token))
            _ = try await f.keys.revoke(key.id, org: org)
            #expect(try await f.keys.authenticate(token: token) == nil)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func passwordsAreStoredAsBcrypt(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f, org in
            let user = try await f.users.create(email: "b@example.com", name: "B", password: "a long password", org: org, role: .viewer)
            let creds = try #require(try await f.users.credentials(email: "B@example.com"))
            #expect(creds.user.id == user.id)
            #expect(creds.passwordHash.hasPrefix("$2"))
            #expect(try await f.hasher.verify("a long password", hash: creds.passwordHash))
            #expect(!(try await f.hasher.verify("wrong password", hash: creds.passwordHash)))
            await #expect(throws: ParleyError.self) {
                _ = try await f.users.create(email: "b@example.com", name: "Dup", password: "a long password", org: org, role: .viewer)
            }
            await #expect(throws: ParleyError.self) {
                _ = try await f.users.create(email: "c@example.com", name: "Short", password: "short", org: org, role: .viewer)
            }
        }
    }
}
