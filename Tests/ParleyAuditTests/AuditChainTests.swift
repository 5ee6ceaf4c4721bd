import Crypto
import Foundation
import ParleyAudit
import ParleyCore
import ParleyKeyring
import ParleyStorage
import ParleyTesting
import SQLKit
import Testing

@Suite struct AuditChainTests {
    struct Fixture: Sendable {
        let db: Database
        let log: AuditLog
        let checkpoints: AuditCheckpoints
        var verifier: AuditVerifier { AuditVerifier(log: log, checkpoints: checkpoints) }
    }

    static func with(_ flavor: DatabaseFlavor, _ body: @Sendable (Fixture) async throws -> Void) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: KeyringMigrations.all + AuditMigrations.all, clock: clock, logger: TestDatabase.logger).migrate(db)
            let keyring = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: MasterKeyFormat.generate().1), clock: clock)
            let log = try await AuditLog.open(database: db, keyring: keyring, clock: clock)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-audit-\(SecureToken.random(bytes: 6)).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await body(Fixture(db: db, log: log, checkpoints: AuditCheckpoints(path: path, log: log, logger: TestDatabase.logger)))
        }
    }

    static func seed(_ f: Fixture, count: Int = 10) async throws {
        for i in 0..<count {
            try await f.log.record(AuditEvent(orgID: i % 3 == 0 ? nil : "org_a", actor: "key_\(i)", action: "POST /v1/api-keys",
                                              target: "key_x\(i)", outcome: "success:201", requestID: "req_\(i)", atMicros: Int64(1000 + i),
                                              clientIP: "203.0.113.\(i)"))
        }
        while try await f.log.link(batch: 4) > 0 {}
    }

    @Test(arguments: TestDatabase.flavors)
    func anUntouchedLogVerifies(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            try await Self.seed(f)
            try await f.checkpoints.write()
            let report = try await f.verifier.verify()
            #expect(report.ok, "\(report.problem ?? "")")
            #expect(report.entries == 10 && report.chains == 2)
            let ip: String? = try await f.db.read { db in
                try await db.raw("SELECT client_ip_enc FROM audit_entries WHERE chain = 'org_a' ORDER BY seq").first()?.decode(column: "client_ip_enc", as: String?.self) ?? nil
            }
            #expect(ip?.contains("203.0.113") == false, "client IPs are stored encrypted")
            #expect(f.log.clientIP(ip)?.hasPrefix("203.0.113.") == true)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func everyTamperingIsDetectedAndNamed(_ flavor: DatabaseFlavor) async throws {
        let cases: [(String, String, String)] = [
            ("modified", "UPDATE audit_entries SET actor = 'key_evil' WHERE chain = 'org_a' AND seq = 3", "entry 3 was modified"),
            ("deleted", "DELETE FROM audit_entries WHERE chain = 'org_a' AND seq = 2", "entry 2 is missing"),
            ("swapped", """
                UPDATE audit_entries SET seq = CASE seq WHEN 2 THEN 3 ELSE 2 END WHERE chain = 'org_a' AND seq IN (2, 3)
                """, "entry 2 was modified"),
            ("truncated", "DELETE FROM audit_entries WHERE chain = 'org_a' AND seq >= 5", "truncated"),
        ]
        for (name, sql, expected) in cases {
            try await Self.with(flavor) { f in
                try await Self.seed(f)
                try await f.checkpoints.write()
                try await f.db.transaction { db in
                    if name == "swapped" {
                        // The primary key is checked per row: move through a free number.
                        try await db.raw("UPDATE audit_entries SET seq = 1000 WHERE chain = 'org_a' AND seq = 2").run()
                        try await db.raw("UPDATE audit_entries SET seq = 2 WHERE chain = 'org_a' AND seq = 3").run()
                        try await db.raw("UPDATE audit_entries SET seq = 3 WHERE chain = 'org_a' AND seq = 1000").run()
                    } else {
                        try await db.execute(sql: SQLRaw(sql)) { _ in }
                    }
                }
                let report = try await f.verifier.verify()
                #expect(!report.ok, "\(name) went unnoticed")
                #expect(report.problem?.contains(expected) == true, "\(name): \(report.problem ?? "")")
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func aChainRehashedWithoutTheKeyIsDetected(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            try await Self.seed(f)
            // Someone with database access but not the audit key edits an entry and recomputes every MAC after it.
            let forger = SymmetricKey(size: .bits256)
            try await f.db.transaction { db in
                try await db.raw("UPDATE audit_entries SET action = 'DELETE /v1/everything' WHERE chain = 'org_a' AND seq = 1").run()
                var previous = AuditChain.genesis
                for row in try await db.raw("SELECT * FROM audit_entries WHERE chain = 'org_a' ORDER BY seq").all() {
                    let seq = Int64(try row.decode(column: "seq", as: Int.self))
                    let event = AuditEvent(orgID: try row.decode(column: "org_id", as: String?.self), actor: try row.decode(column: "actor", as: String.self),
                                           action: try row.decode(column: "action", as: String.self), target: try row.decode(column: "target", as: String.self),
                                           outcome: try row.decode(column: "outcome", as: String.self), requestID: try row.decode(column: "request_id", as: String.self),
                                           atMicros: Int64(try row.decode(column: "at_micros", as: Int.self)))
                    let mac = AuditChain.mac(key: forger, chain: "org_a", seq: seq, event: event, previousMAC: previous)
                    try await db.raw("UPDATE audit_entries SET prev_mac = \(bind: previous), mac = \(bind: mac) WHERE chain = 'org_a' AND seq = \(bind: seq)").run()
                    previous = mac
                }
            }
            let report = try await f.verifier.verify()
            #expect(report.problem?.contains("chain org_a: entry 1") == true, "\(report.problem ?? "")")
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func concurrentWritersProduceAGapFreeChain(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<100 {
                    group.addTask {
                        try await f.log.record(AuditEvent(orgID: "org_a", actor: "key_\(i)", action: "POST /v1/orgs", outcome: "success", atMicros: Int64(i)))
                    }
                }
                // Two linkers at once (the chain builder and `parley audit verify`, say): one links at a time.
                group.addTask { for _ in 0..<20 { _ = try await f.log.link(batch: 7) } }
                group.addTask { for _ in 0..<20 { _ = try await f.log.link(batch: 5) } }
                try await group.waitForAll()
            }
            while try await f.log.link() > 0 {}
            let seqs = try await f.db.read { db in
                try await db.raw("SELECT seq FROM audit_entries WHERE chain = 'org_a' ORDER BY seq").all().map { try $0.decode(column: "seq", as: Int.self) }
            }
            #expect(seqs == Array(1...100))
            #expect(try await f.verifier.verify().ok)
        }
    }
}
