import ParleyCore
import ParleyStorage
import SQLKit

/// Top-level organizations for repository tests (separate tenants).
enum TestOrgs {
    static func create(_ db: Database, name: String) async throws -> String {
        let id = ResourceID.make("org", timeMicros: 1_700_000_000_000_000)
        try await db.transaction { sql in
            try await sql.raw("INSERT INTO orgs (id, name, is_default, created_at) VALUES (\(bind: id), \(bind: name), 0, 0)").run()
        }
        return id
    }
}
