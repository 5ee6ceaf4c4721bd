import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures (see docs/performance.md).", subcommands: [BenchAPICommand.self, BenchSecurityCommand.self, BenchEngineCommand.self, BenchMediaCommand.self, BenchMediaServerCommand.self])
}
