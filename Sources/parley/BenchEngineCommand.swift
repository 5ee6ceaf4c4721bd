import ArgumentParser
import Foundation
import ParleyServer
import ParleyVoice

struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Voice engine: per-frame cost with instant providers, voice-to-voice latency and concurrent offline calls on the neural stack.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Calls in the per-frame measurement.") var calls = 50
    @Option(name: .customLong("concurrency"), help: "Concurrent offline calls to try, comma separated (e.g. 2,6,10).")
    var concurrency = "1,4,8,10,12"
    @Flag(name: .customLong("frames-only"), help: "Only the per-frame measurement (no speech worker needed).") var framesOnly = false

    func run() async throws {
        do {
            let frames = try EngineFrameBenchmark(calls: calls).run()
            print("engine per frame (μ-law decode + VAD + endpointing + barge-in + playout + encode, instant providers):")
            print(String(format: "  %.2f µs per 20 ms frame over %d frames (%d calls, %d turns, %d barge-ins) on one core",
                         frames.nanosecondsPerFrame / 1000, frames.frames, calls, frames.turns, frames.bargeIns))
            guard !framesOnly else { return }
            let config = try options.resolve()
            let logger = options.logger(config)
            let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            try await OfflineVoiceBenchmark(config: config, logger: logger).run(levels: levels) { print($0) }
        } catch {
            throw fail(error)
        }
    }
}
