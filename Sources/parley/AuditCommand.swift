import ArgumentParser
import ParleyAudit
import ParleyCore
import ParleyKeyring
import ParleyServer
import ParleyStorage

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The tamper-evident audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute every audit chain; exit 0 when all verify, 1 naming the first bad entry.",
            discussion: "Detects modified, deleted and swapped entries, a chain re-hashed without the audit key, and (against the signed checkpoints in the data dir) a truncated tail.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try options.resolve()
            let logger = options.logger(config)
            let report: AuditVerifier.Report
            do {
                let db = try await ParleyServer.openDatabase(config, logger: logger)
                report = try await db.withRunning {
                    let keyring = try await ParleyServer.prepare(db, config: config, clock: SystemWallClock(), logger: logger, output: { _ in })
                    let log = try await AuditLog.open(database: db, keyring: keyring, clock: SystemWallClock())
                    while try await log.link() > 0 {}
                    return try await AuditVerifier(log: log, checkpoints: ParleyServer.auditCheckpoints(config, log, logger: logger)).verify()
                }
            } catch {
                throw fail(error)
            }
            if let problem = report.problem {
                print("audit log FAILED verification: \(problem)")
                throw ExitCode(1)
            }
            print("audit log verified: \(report.entries) entries in \(report.chains) chain(s)")
        }
    }
}
