import ArgumentParser
import ParleyServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Parley server (HTTP API, dashboard, background services).",
        discussion: "Migrates the database first. A fresh data dir gets a default organization and an owner whose one-time password is printed once.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let config = try options.resolve()
        let logger = options.logger(config)
        do {
            try await ParleyServer.serve(config, logger: logger)
        } catch {
            throw fail(error)
        }
    }
}
