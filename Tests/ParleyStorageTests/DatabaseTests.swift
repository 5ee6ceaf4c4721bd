import Foundation
import ParleyCore
import ParleyStorage
import ParleyTesting
import SQLKit
import Testing

@Suite struct DatabaseTests {
    static let migrations = [
        Migration(module: "test", version: 1, name: "widgets", sql: ["CREATE TABLE widgets (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, n BIGINT NOT NULL)"]),
        Migration(module: "test", version: 2, name: "widget_index", sql: ["CREATE INDEX widgets_org ON widgets (org_id)"]),
    ]

    @Test(arguments: TestDatabase.flavors)
    func migrationsApplyOnceInOrder(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            let runner = MigrationRunner(migrations: Self.migrations, clock: ManualClock(), logger: TestDatabase.logger)
            let first = try await runner.migrate(db)
            #expect(first == ["test v1 widgets", "test v2 widget_index"])
            let second = try await runner.migrate(db)
            #expect(second == [])
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func aDatabaseFromANewerBinaryIsRefused(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: Self.migrations, clock: clock, logger: TestDatabase.logger).migrate(db)
            let older = MigrationRunner(migrations: [Self.migrations[0]], clock: clock, logger: TestDatabase.logger)
            await #expect(throws: ParleyError.self) { try await older.migrate(db) }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func transactionsRollBackWhenTheBodyThrows(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            _ = try await MigrationRunner(migrations: Self.migrations, clock: ManualClock(), logger: TestDatabase.logger).migrate(db)
            await #expect(throws: ParleyError.self) {
                try await db.transaction { sql in
                    try await sql.raw("INSERT INTO widgets (id, org_id, n) VALUES ('w1', 'o1', 1)").run()
                    try await sql.raw("INSERT INTO widgets (id, org_id, n) VALUES ('w2', 'o1', 2)").run()
                    throw ParleyError(.conflict, "changed my mind")
                }
            }
            let count = try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM widgets").first()?.decode(column: "n", as: Int.self) }
            #expect(count == 0)
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO widgets (id, org_id, n) VALUES ('w1', 'o1', 1)").run()
            }
            let after = try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM widgets").first()?.decode(column: "n", as: Int.self) }
            #expect(after == 1)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func concurrentWritersAllLand(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            _ = try await MigrationRunner(migrations: Self.migrations, clock: ManualClock(), logger: TestDatabase.logger).migrate(db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        try await db.transaction { sql in
                            try await sql.raw("INSERT INTO widgets (id, org_id, n) VALUES (\(bind: "w\(i)"), 'o1', \(bind: i))").run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM widgets").first()?.decode(column: "n", as: Int.self) }
            #expect(count == 50)
        }
    }

    @Test func aSecondOpenOfTheSameSQLiteFileIsRefused() async throws {
        let url = try await TestDatabase.makeURL(.sqlite)
        defer { TestDatabase.remove(url) }
        try await Database.with(url, logger: TestDatabase.logger) { _ in
            do {
                _ = try await Database.open(url, logger: TestDatabase.logger)
                Issue.record("second open should fail")
            } catch let error as ParleyError {
                #expect(error.message.contains("already in use"))
            }
        }
        // Once closed, the file can be opened again.
        try await Database.with(url, logger: TestDatabase.logger) { db in #expect(await db.ping()) }
    }

    @Test func sqliteRunsInWALMode() async throws {
        try await TestDatabase.with(.sqlite) { db in
            let mode = try await db.read { try await $0.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self) }
            #expect(mode?.lowercased() == "wal")
        }
    }

    @Test func databaseURLsParseAndMask() throws {
        #expect(try DatabaseURL.parse("sqlite:///var/lib/parley/parley.sqlite") == .sqlite(path: "/var/lib/parley/parley.sqlite"))
        guard case .postgres(let p) = try DatabaseURL.parse("postgres://app:pw@db.internal:6543/parley?sslmode=require") else {
            Issue.record("not postgres")
            return
        }
        #expect(p.host == "db.internal" && p.port == 6543 && p.username == "app" && p.password == "pw" && p.database == "parley" && p.sslMode == "require")
        #expect(DatabaseURL.masked("postgres://app:pw@db/x") == "postgres://app:***@db/x")
        for bad in ["sqlite://relative.db", "mysql://x", "postgres://", "postgres://h/db?foo=1", "postgres://h/db?sslmode=maybe"] {
            #expect(throws: ParleyError.self, "\(bad)") { try DatabaseURL.parse(bad) }
        }
    }
}
