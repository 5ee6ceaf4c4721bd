import ParleyCore
import ParleyStorage
import SQLKit

/// Organizations. Reads are scoped: a principal sees its own org and its direct children.
public struct OrganizationRepository: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    static func decode(_ row: any SQLRow) throws -> Organization {
        Organization(id: try row.string("id"), name: try row.string("name"),
                     parentID: try row.optionalString("parent_id"), createdAt: try row.int64("created_at"))
    }

    /// Inserts an org inside an existing transaction.
    static func insert(_ db: any SQLDatabase, name: String, parentID: String?, isDefault: Bool, now: Int64) async throws -> Organization {
        let org = Organization(id: ResourceID.make("org", timeMicros: now), name: name, parentID: parentID, createdAt: now)
        try await db.raw("""
            INSERT INTO orgs (id, name, parent_id, is_default, created_at)
            VALUES (\(bind: org.id), \(bind: org.name), \(bind: org.parentID), \(bind: isDefault ? 1 : 0), \(bind: now))
            """).run()
        return org
    }

    /// The org `id` if it is `scope` itself or a direct child of it.
    public func find(_ id: String, scope: String) async throws -> Organization? {
        try await database.read { db in
            try await db.raw("""
                SELECT id, name, parent_id, created_at FROM orgs
                WHERE id = \(bind: id) AND (id = \(bind: scope) OR parent_id = \(bind: scope))
                """).first().map(Self.decode)
        }
    }

    /// `scope` and its sub-organizations, by id.
    public func list(scope: String, page: PageRequest) async throws -> Page<Organization> {
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT id, name, parent_id, created_at FROM orgs
                WHERE (id = \(bind: scope) OR parent_id = \(bind: scope)) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decode), limit: page.limit, id: \.id)
    }

    /// Creates a sub-organization of `parent`; the creating user (if any) becomes its owner.
    public func createChild(name: String, parent: String, ownerUserID: String?) async throws -> Organization {
        let now = clock.nowMicros()
        return try await database.transaction { db in
            let org = try await Self.insert(db, name: name, parentID: parent, isDefault: false, now: now)
            if let ownerUserID {
                _ = try await MembershipRepository.insert(db, orgID: org.id, userID: ownerUserID, role: .owner, now: now)
            }
            return org
        }
    }

    public func rename(_ id: String, to name: String, scope: String) async throws -> Organization? {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE orgs SET name = \(bind: name)
                WHERE id = \(bind: id) AND (id = \(bind: scope) OR parent_id = \(bind: scope))
                """).run()
            return try await db.raw("""
                SELECT id, name, parent_id, created_at FROM orgs
                WHERE id = \(bind: id) AND (id = \(bind: scope) OR parent_id = \(bind: scope))
                """).first().map(Self.decode)
        }
    }

    /// The org created for a fresh data dir, if any.
    public func defaultOrganization() async throws -> Organization? {
        try await database.read { db in
            try await db.raw("SELECT id, name, parent_id, created_at FROM orgs WHERE is_default = 1 ORDER BY id LIMIT 1")
                .first().map(Self.decode)
        }
    }
}
