import Foundation
import Hummingbird
import Logging
import NIOCore
@_spi(Benchmark) import ParleyAPI
import ParleyAudit
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyStorage
import ServiceLifecycle
import Synchronization

/// `parley bench api`: authenticated GET throughput and p99 through the full Parley stack
/// (auth, permission check, tenant-scoped database read, JSON) on SQLite and PostgreSQL,
/// next to a bare Hummingbird route, all with the same load parameters in one run.
public struct APIBenchmark: Sendable {
    public var load: LoadGenerator
    public var postgresURL: String?
    public var logger: Logger

    public init(load: LoadGenerator, postgresURL: String?, logger: Logger) {
        self.load = load
        self.postgresURL = postgresURL
        self.logger = logger
    }

    public struct Row: Sendable {
        public var name: String
        public var result: LoadGenerator.Result
    }

    public func run(report: @Sendable (String) -> Void) async throws -> [Row] {
        var rows: [Row] = []
        report("load: \(load.parameters); machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let bare = try await bareRoute()
        rows.append(Row(name: "bare Hummingbird route", result: bare))
        report(Self.format(rows.last!, baseline: bare))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(SecureToken.random(bytes: 6))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        rows.append(Row(name: "Parley GET /v1/users/{id}, SQLite", result: try await parley(.sqlite(path: dir + "/parley.sqlite"))))
        report(Self.format(rows.last!, baseline: bare))
        // Every read of secrets is audited: the same route with and without the audit middleware
        // measures what the audit log costs under API load.
        let (plain, _) = try await parley(.sqlite(path: dir + "/unaudited.sqlite"), secrets: true, audited: false)
        rows.append(Row(name: "GET /v1/secrets, audit off, SQLite", result: plain))
        report(Self.format(rows.last!, baseline: bare))
        let (audited, audit) = try await parley(.sqlite(path: dir + "/audited.sqlite"), secrets: true, audited: true)
        rows.append(Row(name: "GET /v1/secrets (audited), SQLite", result: audited))
        report(Self.format(rows.last!, baseline: bare))
        report(String(format: "  audit: %.0f entries/s linked into the chain while serving; %d left in the outbox at the end; p99 %+.1f%% against the same route without audit",
                      audit.entriesPerSecond, audit.backlog, (audited.p99Millis / plain.p99Millis - 1) * 100))
        // The audit log's own capacity: the user read under load while other work writes audit
        // events at a fixed 5,000/s through the same group commit and chain builder.
        let users = rows[1].result
        let (loaded, paced) = try await parley(.sqlite(path: dir + "/paced.sqlite"), secrets: false, audited: true, auditRate: Self.auditRate)
        rows.append(Row(name: "GET /v1/users/{id} + 5,000 audit/s, SQLite", result: loaded))
        report(Self.format(rows.last!, baseline: bare))
        report(String(format: "  audit: %.0f events/s written, %.0f entries/s linked while the API was under load (target ≥ 5,000/s); %d left in the outbox; API p99 %+.1f%% against the same read without them (target within 10%%)",
                      paced.writtenPerSecond, paced.entriesPerSecond, paced.backlog, (loaded.p99Millis / users.p99Millis - 1) * 100))
        if let postgresURL {
            let scratch = try await ScratchDatabase.create(on: try DatabaseURL.parse(postgresURL), prefix: "bench", logger: logger)
            rows.append(Row(name: "Parley GET /v1/users/{id}, PostgreSQL", result: try await parley(scratch)))
            report(Self.format(rows.last!, baseline: bare))
        } else {
            report("PostgreSQL: skipped (pass --postgres-url or set PARLEY_TEST_POSTGRES_URL; `make bench` does)")
        }
        return rows
    }

    static func format(_ row: Row, baseline: LoadGenerator.Result) -> String {
        let r = row.result
        let share = r.requestsPerSecond / baseline.requestsPerSecond * 100
        return row.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: " %10.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %5.1f%% of bare  non-2xx %d  socket errors %d",
                      r.requestsPerSecond, r.p50Millis, r.p99Millis, share, r.non2xx, r.errors)
    }

    func bareRoute() async throws -> LoadGenerator.Result {
        let router = Router()
        router.get("/bare") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"object":"user","id":"usr_0"}"#)))
        }
        let (app, ports) = application(router.buildResponder())
        return try await serve(app, ports: ports) { port in
            try await load.run(url: "http://127.0.0.1:\(port)/bare")
        }
    }

    /// What the audit log did during an audited run.
    public struct AuditFigures: Sendable {
        public var entriesPerSecond: Double
        public var backlog: Int
        public var writtenPerSecond: Double = 0
    }

    /// Audit events per second written beside the API load in the capacity row.
    static let auditRate = 5_000

    /// Writes `rate` audit events a second (in 10 ms ticks) until cancelled; returns how many committed.
    static func pace(_ writer: AuditWriter, org: String, rate: Int) async -> Int {
        let perTick = max(1, rate / 100)
        let clock = ContinuousClock()
        final class Tally: Sendable { let count = Mutex(0) }
        let written = Tally()
        var deadline = clock.now
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for _ in 0..<perTick {
                    group.addTask {
                        let event = AuditEvent(orgID: org, actor: "bench", action: "bench.event", outcome: "success",
                                               atMicros: SystemWallClock().nowMicros(), clientIP: "127.0.0.1")
                        if (try? await writer.record(event)) != nil { written.count.withLock { $0 += 1 } }
                    }
                }
                deadline += .milliseconds(10)
                do { try await Task.sleep(until: deadline, clock: clock) } catch { break }
            }
        }
        return written.count.withLock { $0 }
    }

    func parley(_ url: DatabaseURL) async throws -> LoadGenerator.Result {
        try await parley(url, secrets: false, audited: false).0
    }

    /// Loads `GET /v1/users/{id}`, or with `secrets` `GET /v1/secrets` (one audit entry per request
    /// when `audited`, while the chain builder links entries as in `parley serve`).
    func parley(_ url: DatabaseURL, secrets: Bool = false, audited: Bool, auditRate: Int = 0) async throws -> (LoadGenerator.Result, AuditFigures) {
        var config = ParleyConfiguration()
        config.apiRateLimit = 0
        config.bcryptCost = 4
        config.databaseURL = url
        config.postgresMaxConnections = 20
        config.masterKey = MasterKeyFormat.generate().1
        let db = try await ParleyServer.openDatabase(config, logger: logger)
        let frozen = config
        let logger = self.logger
        return try await db.withRunning {
            let clock = SystemWallClock()
            let keyring = try await ParleyServer.prepare(db, config: frozen, clock: clock, logger: logger, output: { _ in })
            let env = try await ParleyServer.environment(frozen, database: db, keyring: keyring, clock: clock, logger: logger)
            // A tenant of its own, so repeated runs on one PostgreSQL don't mix.
            let org = try await env.organizations.defaultOrganization()?.id ?? ""
            let user = try await env.users.create(email: "bench-\(SecureToken.random(bytes: 4).lowercased())@example.com", name: "Bench",
                                                  password: "bench password", org: org, role: .member)
            let (_, key) = try await env.apiKeys.create(org: org, name: "bench", role: secrets ? .admin : .viewer, createdBy: nil)
            let router = ParleyHTTP(environment: env).makeRouter(dashboard: false, audited: audited)
            let (app, ports) = application(router.buildResponder())
            let path = secrets ? "/v1/secrets" : "/v1/users/\(user.id)"
            guard secrets || auditRate > 0 else {
                let result = try await serve(app, ports: ports) { port in
                    try await load.run(url: "http://127.0.0.1:\(port)\(path)", headers: ["Authorization: Bearer \(key)"])
                }
                return (result, AuditFigures(entriesPerSecond: 0, backlog: 0))
            }
            if secrets { _ = try await env.secrets.set(org: org, name: "bench.token", value: "bench-secret-value-0123456789") }
            let counts = { () async throws -> (linked: Int, queued: Int) in
                try await db.read { db in
                    let linked = try await db.raw("SELECT COUNT(*) AS n FROM audit_entries").first()?.decode(column: "n", as: Int.self) ?? 0
                    let queued = try await db.raw("SELECT COUNT(*) AS n FROM audit_outbox").first()?.decode(column: "n", as: Int.self) ?? 0
                    return (linked, queued)
                }
            }
            let before = try await counts()
            let checkpoints = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-checkpoints-\(SecureToken.random(bytes: 6)).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: checkpoints) }
            let builder = AuditChainBuilder(log: env.audit, checkpoints: AuditCheckpoints(path: checkpoints, log: env.audit, logger: logger),
                                            logger: logger)
            let linker = Task { try await builder.run() }
            let writer = env.auditWriter
            let start = ContinuousClock.now
            let generator = auditRate > 0 ? Task { await Self.pace(writer, org: org, rate: auditRate) } : nil
            let result = try await serve(app, ports: ports) { port in
                try await load.run(url: "http://127.0.0.1:\(port)\(path)", headers: ["Authorization: Bearer \(key)"])
            }
            generator?.cancel()
            let written = await generator?.value ?? 0
            let elapsed = (ContinuousClock.now - start).secondsDouble
            let after = try await counts()
            linker.cancel()
            _ = try? await linker.value
            return (result, AuditFigures(entriesPerSecond: Double(after.linked - before.linked) / elapsed, backlog: after.queued,
                                         writtenPerSecond: Double(written) / elapsed))
        }
    }

    /// Runs `app` (bound to an ephemeral loopback port that it reports on `ports`) for the duration of `body`.
    func serve(_ app: some ApplicationProtocol, ports: AsyncStream<Int>,
               _ body: @escaping @Sendable (Int) async throws -> LoadGenerator.Result) async throws -> LoadGenerator.Result {
        try await withThrowingTaskGroup(of: LoadGenerator.Result?.self) { group in
            group.addTask { try await app.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ParleyError(.internal, "server did not start") }
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }

    func application(_ responder: some HTTPResponder<BasicRequestContext>) -> (some ApplicationProtocol, AsyncStream<Int>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return (app, ports)
    }

    func application(_ responder: some HTTPResponder<APIContext>) -> (some ApplicationProtocol, AsyncStream<Int>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return (app, ports)
    }
}
