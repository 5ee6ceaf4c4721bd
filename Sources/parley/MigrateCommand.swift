import ArgumentParser
import ParleyCore
import ParleyServer
import ParleyStorage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply database migrations (and set up a fresh data dir), then exit.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let config = try options.resolve()
        let logger = options.logger(config)
        do {
            let db = try await ParleyServer.openDatabase(config, logger: logger)
            try await db.withRunning {
                try await ParleyServer.prepare(db, config: config, clock: SystemWallClock(), logger: logger)
            }
            print("database is up to date (\(config.databaseURL))")
        } catch {
            throw fail(error)
        }
    }
}
