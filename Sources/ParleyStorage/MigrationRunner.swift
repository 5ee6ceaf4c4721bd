import Logging
import ParleyCore
import SQLKit

/// Applies registered migrations in order, once, inside one transaction
/// (under an advisory lock on PostgreSQL so concurrent nodes don't race).
public struct MigrationRunner: Sendable {
    public let migrations: [Migration]
    private let clock: any WallClock
    private let logger: Logger

    public init(migrations: [Migration], clock: any WallClock, logger: Logger) {
        self.migrations = migrations
        self.clock = clock
        self.logger = logger
    }

    /// Applies what is missing; returns the names applied now.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [String] {
        var seen = Set<String>()
        for m in migrations where !seen.insert("\(m.module)#\(m.version)").inserted {
            throw ParleyError(.internal, "duplicate migration \(m.module) v\(m.version)")
        }
        let flavor = database.flavor
        let now = clock.nowMicros()
        return try await database.transaction { db in
            if flavor == .postgres {
                // 0x7061726c6579 = "parley"
                try await db.raw("SELECT pg_advisory_xact_lock(123640900365689)").run()
            }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS parley_migrations (
                    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))
                """).run()
            var applied: [String: [Int: String]] = [:]
            for row in try await db.raw("SELECT module, version, name FROM parley_migrations").all() {
                let module = try row.decode(column: "module", as: String.self)
                applied[module, default: [:]][try row.decode(column: "version", as: Int.self)] = try row.decode(column: "name", as: String.self)
            }
            // A database written by a newer binary must not be used by an older one.
            for (module, versions) in applied {
                let known = Set(migrations.filter { $0.module == module }.map(\.version))
                if let unknown = versions.keys.sorted().first(where: { !known.contains($0) }) {
                    throw ParleyError(.storage, "the database has migration \(module) v\(unknown), which this parley binary does not know: it was written by a newer version")
                }
            }
            var done: [String] = []
            let byModule = Dictionary(grouping: migrations, by: \.module)
            for module in migrations.map(\.module).uniqued() {
                for m in byModule[module, default: []].sorted(by: { $0.version < $1.version }) {
                    if let name = applied[module]?[m.version] {
                        if name != m.name {
                            throw ParleyError(.storage, "migration \(module) v\(m.version) was applied as '\(name)' but this binary calls it '\(m.name)'")
                        }
                        continue
                    }
                    for statement in m.statements(flavor) {
                        try await db.execute(sql: SQLRaw(statement)) { _ in }
                    }
                    try await db.raw("""
                        INSERT INTO parley_migrations (module, version, name, applied_at)
                        VALUES (\(bind: module), \(bind: m.version), \(bind: m.name), \(bind: now))
                        """).run()
                    done.append("\(module) v\(m.version) \(m.name)")
                }
            }
            if flavor == .postgres {
                let enabled = try await RowLevelSecurity.ensure(db)
                if !enabled {
                    logger.warning("row-level security is off: the database user can neither create nor use the role parley_tenant")
                }
                database.setRowLevelSecurity(enabled)
            }
            return done
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
