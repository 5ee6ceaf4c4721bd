import ArgumentParser

struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "Authenticated GET throughput and p99 on SQLite and PostgreSQL vs a bare route.")

    func run() async throws {
        throw ValidationError("not implemented yet")
    }
}
