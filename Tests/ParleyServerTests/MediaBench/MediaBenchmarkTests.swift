import Foundation
import Logging
import ParleyServer
import Testing

/// Runs `parley bench media` end to end at toy size: the child server, simulated calls and
/// the call records read back. It checks the machinery, not speed.
@Suite struct MediaBenchmarkTests {
    /// The `parley` binary built next to this test bundle (or `PARLEY_BINARY`).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["PARLEY_BINARY"] { return path }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("parley").path
    }

    @Test func twoCallsGiveSaneFigures() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the parley binary first: \(Self.binary)")
        var options = MediaBenchmark.Options(executable: Self.binary)
        options.calls = 2
        options.ramp = .seconds(1)
        options.duration = .seconds(3)
        options.sequential = 4
        options.sequentialConcurrency = 2
        options.sequentialCallDuration = .seconds(1)
        var logger = Logger(label: "test.bench.media")
        logger.logLevel = .error
        let figures = try await MediaBenchmark(options: options, logger: logger).run { _ in }
        #expect(figures.callsConnected == 2 && figures.failedToConnect == 0)
        #expect(figures.concurrentCalls == 2, "both calls stayed up through the window")
        #expect(figures.closedByServer == 0)
        #expect(figures.serverCPUMillisPerCallSecond > 0 && figures.generatorCPUMillisPerCallSecond >= 0)
        #expect(figures.serverIdleRSS > 0 && figures.serverLoadedRSS > 0)
        #expect(figures.agentShare > 0, "the greeting came back as agent audio")
        #expect(figures.underruns >= 0 && figures.generatorMaxLagMillis >= 0)
        #expect(figures.recordedCalls == 2, "each call left a call record")
        #expect(figures.recordingsAvailable == 2, "and a finished, encrypted recording")
        #expect(figures.sequentialCalls == 4 && figures.sequentialFailed == 0 && figures.sequentialRSS.count == 2)
        #expect(figures.serverErrors == 0, "\(figures.lastServerProblem ?? "")")
        #expect(!figures.lines().isEmpty)
    }
}
