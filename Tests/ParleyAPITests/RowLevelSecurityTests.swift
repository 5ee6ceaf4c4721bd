import ParleyCore
import ParleyStorage
import ParleyTesting
import SQLKit
import Testing

/// The second wall behind the repositories' org filters (PostgreSQL row-level security).
@Suite struct RowLevelSecurityTests {
    @Test(.enabled(if: TestDatabase.flavors.contains(.postgres), "needs PARLEY_TEST_POSTGRES_URL"))
    func aQueryThatForgetsTheOrgFilterSeesOnlyItsOwnOrgOnPostgreSQL() async throws {
        try await TestServer.run(.postgres) { server, _ in
            let db = server.database
            #expect(db.isRowLevelSecure)
            let other = try await server.makeTenant(role: .owner)
            let demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            let theirs = try await server.environment.agents.create(org: other.orgID, name: "theirs", configuration: demo.configuration)

            // No org filter in the SQL: unscoped work (the table owner) sees both orgs ...
            let all = try await db.read { try await $0.raw("SELECT id FROM agents").all().map { try $0.decode(column: "id", as: String.self) } }
            #expect(Set(all) == [demo.id, theirs.id])
            // ... a scoped read sees only its own org's rows, and an org with no rows sees nothing.
            let mine = try await db.read(org: other.orgID) {
                try await $0.raw("SELECT id FROM agents").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(mine == [theirs.id])
            let nobody = try await db.read(org: "org_00000000000000000000000000") { try await $0.raw("SELECT id FROM agents").all().count }
            #expect(nobody == 0)

            // Scoped writes can neither change another org's rows nor create rows for it.
            let updated = try await db.transaction(org: other.orgID) { db in
                try await db.raw("UPDATE agents SET name = 'stolen' WHERE id = \(bind: demo.id) RETURNING id").all().count
            }
            #expect(updated == 0)
            #expect(try await server.environment.agents.find(demo.id, org: server.orgID)?.name == "demo")
            await #expect(throws: (any Error).self) {
                try await db.transaction(org: other.orgID) { db in
                    try await db.raw("""
                        INSERT INTO phone_numbers (id, org_id, number, agent_id, label, created_at, updated_at)
                        VALUES ('num_x', \(bind: server.orgID), '+14155550199', NULL, '', 0, 0)
                        """).run()
                }
            }
            // The repositories run scoped, and still work.
            #expect(try await server.environment.agents.list(org: other.orgID, page: PageRequest()).items.map(\.id) == [theirs.id])
        }
    }

    @Test func sqliteHasNoRoleToSwitchTo() async throws {
        try await TestServer.run(.sqlite) { server, _ in
            #expect(!server.database.isRowLevelSecure)
            let count = try await server.database.read(org: server.orgID) { try await $0.raw("SELECT id FROM agents").all().count }
            #expect(count == 1)
        }
    }
}
