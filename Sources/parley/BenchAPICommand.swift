import ArgumentParser
import Foundation
import Logging
import ParleyServer

struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Authenticated GET throughput and p99 on SQLite and PostgreSQL next to a bare Hummingbird route.",
        discussion: "Needs wrk (Debian). Load: wrk -t2 -c64 -d20s by default, the same for every row. `make bench` starts a throwaway PostgreSQL.")

    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "Seconds per row.") var duration = 20
    @Option(name: .customLong("postgres-url"), help: "PostgreSQL to benchmark against (default: $PARLEY_TEST_POSTGRES_URL).") var postgresURL: String?

    func run() async throws {
        var logger = Logger(label: "parley.bench")
        logger.logLevel = .error
        let bench = APIBenchmark(
            load: LoadGenerator(threads: threads, connections: connections, seconds: duration),
            postgresURL: postgresURL ?? ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"], logger: logger)
        do {
            _ = try await bench.run { print($0) }
        } catch {
            throw fail(error)
        }
    }
}
