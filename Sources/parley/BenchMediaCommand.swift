import ArgumentParser
import Foundation
import Logging
import ParleyServer

struct BenchMediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Concurrent Twilio media-stream calls against a real server with instant stub providers.",
        discussion: """
        Starts `parley bench media-server` (serve with stub speech providers, recordings on, fresh temp data dir) as a child \
        process, drives N simulated Twilio calls over loopback from this process, and prints underruns, server and load \
        generator CPU per call-second, server memory, turn latency from the call records and barge-in latency.
        """)

    @Option(help: "Concurrent calls.") var calls = 100
    @Option(help: "Seconds measured once every call is up.") var duration = 60
    @Option(help: "Seconds over which the calls are started.") var ramp = 20
    @Option(help: "Short calls afterwards, in waves, for the flat-memory check (0: skip).") var sequential = 0
    @Option(name: .customLong("sequential-concurrency"), help: "Calls per wave in the sequential check.") var sequentialConcurrency = 100
    @Option(name: .customLong("client-threads"), help: "Event loop threads of the load generator.") var clientThreads = 1

    func run() async throws {
        var logger = Logger(label: "parley.bench")
        logger.logLevel = .error
        var options = MediaBenchmark.Options(executable: Self.executablePath())
        options.calls = calls
        options.duration = .seconds(duration)
        options.ramp = .seconds(ramp)
        options.sequential = sequential
        options.sequentialConcurrency = sequentialConcurrency
        options.clientThreads = clientThreads
        do {
            let figures = try await MediaBenchmark(options: options, logger: logger).run { print($0) }
            print("")
            for line in figures.lines() { print(line) }
        } catch {
            throw fail(error)
        }
    }

    /// This binary, to start the server from.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
