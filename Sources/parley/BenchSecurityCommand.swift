import ArgumentParser
import ParleyServer

struct BenchSecurityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security", abstract: "Streaming encryption and blind-index throughput (one core).")

    @Option(help: "MiB to encrypt.") var megabytes = 512

    func run() async throws {
        do {
            try SecurityBenchmark(megabytes: megabytes).run { print($0) }
        } catch {
            throw fail(error)
        }
    }
}
