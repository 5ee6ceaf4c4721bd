import ParleyCore
import ParleyStorage
import SQLKit

/// Memberships of users in organizations; every call is scoped to one org.
public struct MembershipRepository: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    static func decode(_ row: any SQLRow) throws -> Membership {
        Membership(id: try row.string("id"), orgID: try row.string("org_id"), userID: try row.string("user_id"),
                   role: try row.role(), createdAt: try row.int64("created_at"))
    }

    static func insert(_ db: any SQLDatabase, orgID: String, userID: String, role: Role, now: Int64) async throws -> Membership {
        let m = Membership(id: ResourceID.make("mem", timeMicros: now), orgID: orgID, userID: userID, role: role, createdAt: now)
        do {
            try await db.raw("""
                INSERT INTO memberships (id, org_id, user_id, role, created_at)
                VALUES (\(bind: m.id), \(bind: orgID), \(bind: userID), \(bind: role.rawValue), \(bind: now))
                """).run()
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ParleyError(.conflict, "that user is already a member of this organization", field: "user_id")
        }
        return m
    }

    public func find(_ id: String, org: String) async throws -> Membership? {
        try await database.read { db in
            try await db.raw("SELECT id, org_id, user_id, role, created_at FROM memberships WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    public func find(user: String, org: String) async throws -> Membership? {
        try await database.read { db in
            try await db.raw("SELECT id, org_id, user_id, role, created_at FROM memberships WHERE user_id = \(bind: user) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<Membership> {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT id, org_id, user_id, role, created_at FROM memberships
                WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "") ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decode), limit: page.limit, id: \.id)
    }

    /// Organizations a user belongs to, with their role in each (org switcher).
    public func organizations(of user: String) async throws -> [(Organization, Role)] {
        try await database.read { db in
            try await db.raw("""
                SELECT o.id, o.name, o.parent_id, o.created_at, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id
                WHERE m.user_id = \(bind: user) ORDER BY o.id
                """).all().map { (try OrganizationRepository.decode($0), try $0.role()) }
        }
    }

    /// Adds an existing user to `org`.
    public func create(org: String, userID: String, role: Role) async throws -> Membership {
        let now = clock.nowMicros()
        return try await database.transaction { db in
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: userID)").first() != nil else {
                throw ParleyError(.validationFailed, "no user with id \(userID)", field: "user_id")
            }
            return try await Self.insert(db, orgID: org, userID: userID, role: role, now: now)
        }
    }

    /// Changes a role; refuses to remove the last owner.
    public func updateRole(_ id: String, org: String, role: Role) async throws -> Membership? {
        try await database.transaction { db in
            guard let current = try await db.raw("SELECT id, org_id, user_id, role, created_at FROM memberships WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode) else { return nil }
            if current.role == .owner, role != .owner {
                try await Self.requireAnotherOwner(db, org: org, except: id)
            }
            try await db.raw("UPDATE memberships SET role = \(bind: role.rawValue) WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
            var updated = current
            updated.role = role
            return updated
        }
    }

    /// Removes a membership; refuses to remove the last owner.
    public func delete(_ id: String, org: String) async throws -> Membership? {
        try await database.transaction { db in
            guard let current = try await db.raw("SELECT id, org_id, user_id, role, created_at FROM memberships WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode) else { return nil }
            if current.role == .owner {
                try await Self.requireAnotherOwner(db, org: org, except: id)
            }
            try await db.raw("DELETE FROM memberships WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
            return current
        }
    }

    private static func requireAnotherOwner(_ db: any SQLDatabase, org: String, except id: String) async throws {
        let others = try await db.raw("""
            SELECT COUNT(*) AS n FROM memberships WHERE org_id = \(bind: org) AND role = 'owner' AND id <> \(bind: id)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if others == 0 {
            throw ParleyError(.conflict, "an organization needs at least one owner", field: "role")
        }
    }
}
