import ArgumentParser
import ParleyServer

/// The server side of `parley bench media`: `serve` with instant stub providers instead of
/// the speech stack. Hidden: it exists for the benchmark, which starts it as a child process.
struct BenchMediaServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media-server", abstract: "Serve with instant stub speech providers (used by `parley bench media`).",
        shouldDisplay: false)

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let config = try options.resolve()
        let logger = options.logger(config)
        do {
            try await ParleyServer.serve(config, logger: logger, providers: BenchmarkProviders.make())
        } catch {
            throw fail(error)
        }
    }
}
