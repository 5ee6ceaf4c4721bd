import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyCore
import PostgresKit
import SQLiteKit
import SQLKit
import ServiceLifecycle
import Synchronization

/// One handle on the configured database; the same repository code runs on SQLite and PostgreSQL.
///
/// `read` hands out a connection for queries; `transaction` runs its body inside BEGIN/COMMIT
/// (rolled back when the body throws). On SQLite, writes go through a single writer connection
/// (SQLite allows one writer at a time; queuing in-process beats busy-waiting) and reads through a
/// small pool, all in WAL mode. `run()` must be running for PostgreSQL (it drives the pool).
public final class Database: Service, Sendable {
    public let flavor: DatabaseFlavor
    public let url: DatabaseURL
    private let backend: Backend
    private let logger: Logger
    private let closed = Mutex(false)
    /// Whether scoped transactions switch to the `parley_tenant` role (PostgreSQL, set by migration).
    private let rowLevelSecurity = Mutex(false)

    private enum Backend: Sendable {
        case sqlite(readers: SQLiteConnectionPool, writer: SQLiteConnectionPool, checkpointer: SQLiteConnectionPool, lock: FileLock)
        case postgres(PostgresClient)
    }

    private init(flavor: DatabaseFlavor, url: DatabaseURL, backend: Backend, logger: Logger) {
        self.flavor = flavor
        self.url = url
        self.backend = backend
        self.logger = logger
    }

    /// Opens (creating if needed) the database at `url`. For SQLite this takes the file lock.
    public static func open(_ url: DatabaseURL, readers: Int = 4, maxPostgresConnections: Int = 20, logger: Logger) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let dir = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let lock = try FileLock(path: path + ".lock", purpose: "the database \(path)")
            do {
                var sqlLogger = logger
                sqlLogger[metadataKey: "db"] = "sqlite"
                func openOne() async throws -> SQLiteConnection {
                    let conn = try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: .singleton, logger: sqlLogger,
                        on: MultiThreadedEventLoopGroup.singleton.any())
                    let db = conn.sql(queryLogLevel: nil)
                    try await db.raw("PRAGMA busy_timeout = 5000").run()
                    try await db.raw("PRAGMA journal_mode = WAL").run()
                    try await db.raw("PRAGMA synchronous = NORMAL").run()
                    try await db.raw("PRAGMA foreign_keys = ON").run()
                    return conn
                }
                let writer = try await openOne()
                // Checkpoints run in the background (`run`), off the writer every commit waits
                // for; the writer still checkpoints by itself past 32 MB of WAL as a bound.
                try await writer.sql(queryLogLevel: nil).raw("PRAGMA wal_autocheckpoint = 8000").run()
                let checkpointer = try await openOne()
                var readerConns: [SQLiteConnection] = []
                for _ in 0..<max(1, readers) { readerConns.append(try await openOne()) }
                return Database(
                    flavor: .sqlite, url: url,
                    backend: .sqlite(readers: SQLiteConnectionPool(connections: readerConns),
                                     writer: SQLiteConnectionPool(connections: [writer]),
                                     checkpointer: SQLiteConnectionPool(connections: [checkpointer]), lock: lock),
                    logger: logger)
            } catch {
                lock.release()
                throw ParleyError(.storage, "cannot open SQLite database \(path): \(error)")
            }
        case .postgres(let loc):
            let tls: PostgresClient.Configuration.TLS
            switch loc.sslMode {
            case "disable": tls = .disable
            case "require": tls = .require(.makeClientConfiguration())
            default: tls = .prefer(.makeClientConfiguration())
            }
            var config = PostgresClient.Configuration(
                host: loc.host, port: loc.port, username: loc.username, password: loc.password,
                database: loc.database, tls: tls)
            config.options.maximumConnections = maxPostgresConnections
            config.options.connectTimeout = .seconds(5)
            var pgLogger = logger
            pgLogger[metadataKey: "db"] = "postgres"
            let client = PostgresClient(configuration: config, backgroundLogger: pgLogger)
            return Database(flavor: .postgres, url: url, backend: .postgres(client), logger: logger)
        }
    }

    /// Keeps the PostgreSQL pool alive until cancelled or shut down; for SQLite, checkpoints the
    /// write-ahead log until then, and closes.
    public func run() async throws {
        switch backend {
        case .postgres(let client):
            await client.run()
        case .sqlite(_, _, let checkpointer, _):
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await Self.checkpoint(checkpointer, every: Self.checkpointInterval) }
                try? await gracefulShutdown()
                group.cancelAll()
            }
            await close()
        }
    }

    /// How often `run` checkpoints SQLite's write-ahead log.
    static let checkpointInterval = Duration.milliseconds(250)

    /// Copies committed WAL pages into the database file every `interval` (PASSIVE: never waits
    /// for readers or the writer), so the file's fsync does not stall a commit.
    private static func checkpoint(_ pool: SQLiteConnectionPool, every interval: Duration) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            _ = try? await pool.withConnection { conn in
                try await conn.sql(queryLogLevel: nil).raw("PRAGMA wal_checkpoint(PASSIVE)").run()
            }
        }
    }

    /// Opens a database, runs its pool for the duration of `body`, and closes it afterwards.
    public static func with<T: Sendable>(
        _ url: DatabaseURL, logger: Logger, _ body: @Sendable (Database) async throws -> T
    ) async throws -> T {
        let db = try await Database.open(url, logger: logger)
        return try await db.withRunning { try await body(db) }
    }

    /// Runs the pool (PostgreSQL) or the WAL checkpointer (SQLite) for the duration of `body`,
    /// then closes the database.
    @discardableResult
    public func withRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            do {
                let result = try await body()
                group.cancelAll()
                await close()
                return result
            } catch {
                group.cancelAll()
                await close()
                throw error
            }
        }
    }

    /// Runs read-only work on a pooled connection.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let readers, _, _, _):
            return try await readers.withConnection { try await body($0.sql(queryLogLevel: nil)) }
        case .postgres(let client):
            return try await client.withConnection { conn in
                try await body(conn.sql(queryLogLevel: nil, logger: self.logger))
            }
        }
    }

    /// Runs read-only work for one org. On PostgreSQL with row-level security it runs in a
    /// read-only transaction as the `parley_tenant` role with `parley.org_id` set, so rows of
    /// other orgs are invisible even to a query that forgets its filter; elsewhere it is `read`.
    public func read<T: Sendable>(org: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .postgres(let client) = backend, isRowLevelSecure else { return try await read(body) }
        return try await client.withConnection { conn in
            let db = conn.sql(queryLogLevel: nil, logger: self.logger)
            try await db.raw("BEGIN TRANSACTION READ ONLY").run()
            return try await Self.finish(db) { db in
                try await Self.enterTenant(db, org: org)
                return try await body(db)
            }
        }
    }

    /// `transaction` for one org: on PostgreSQL with row-level security the body runs as the
    /// `parley_tenant` role with `parley.org_id` set (rows of other orgs can be neither seen nor
    /// written).
    public func transaction<T: Sendable>(org: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard flavor == .postgres, isRowLevelSecure else { return try await transaction(body) }
        return try await transaction { db in
            try await Self.enterTenant(db, org: org)
            return try await body(db)
        }
    }

    /// Whether scoped work runs behind row-level security (PostgreSQL after migration).
    public var isRowLevelSecure: Bool { rowLevelSecurity.withLock { $0 } }

    func setRowLevelSecurity(_ enabled: Bool) {
        rowLevelSecurity.withLock { $0 = enabled }
    }

    private static func enterTenant(_ db: any SQLDatabase, org: String) async throws {
        try await db.raw("""
            SELECT set_config('role', \(bind: RowLevelSecurity.role), true), set_config(\(bind: RowLevelSecurity.setting), \(bind: org), true)
            """).run()
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, let writer, _, _):
            return try await writer.withConnection { conn in
                let db = conn.sql(queryLogLevel: nil)
                try await db.raw("BEGIN IMMEDIATE").run()
                return try await Self.finish(db, hook: CommitHook.current, body)
            }
        case .postgres(let client):
            return try await client.withConnection { conn in
                let db = conn.sql(queryLogLevel: nil, logger: self.logger)
                try await db.raw("BEGIN").run()
                return try await Self.finish(db, hook: CommitHook.current, body)
            }
        }
    }

    private static func finish<T: Sendable>(
        _ db: any SQLDatabase, hook: (any CommitHooking)? = nil, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        do {
            let result = try await body(db)
            try await hook?.beforeCommit(db)
            try await db.raw("COMMIT").run()
            hook?.didCommit()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// True when a trivial query succeeds (readiness probe).
    public func ping() async -> Bool {
        do {
            return try await read { try await $0.raw("SELECT 1 AS one").first() != nil }
        } catch {
            return false
        }
    }

    /// Pool gauges for /metrics: connections in use and callers waiting.
    public func poolStatistics() -> (inUse: Int, waiting: Int, size: Int) {
        switch backend {
        case .sqlite(let readers, let writer, _, _):
            return (readers.inUseCount + writer.inUseCount, readers.waitingCount + writer.waitingCount, readers.size + writer.size)
        case .postgres:
            return (0, 0, 0)
        }
    }

    /// Closes connections and releases the SQLite file lock.
    public func close() async {
        guard closed.withLock({ c in defer { c = true }; return !c }) else { return }
        switch backend {
        case .sqlite(let readers, let writer, let checkpointer, let lock):
            // In a task of its own: a cancelled caller (a service being stopped) must still close
            // every connection, and sqlite-nio gives up on work submitted from a cancelled task.
            await Task {
                await readers.close()
                await writer.close()
                await checkpointer.close()
                lock.release()
            }.value
        case .postgres:
            break  // the client closes when its run() is cancelled
        }
    }
}
