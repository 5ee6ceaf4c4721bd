import Foundation

/// The figures `parley bench media` prints, next to the targets of docs/performance.md.
public struct MediaBenchmarkFigures: Sendable {
    // Concurrent phase.
    public var callsRequested = 0
    public var callsConnected = 0
    public var failedToConnect = 0
    /// Fewest live calls seen during the measurement window (all must stay up to count).
    public var concurrentCalls = 0
    public var meanLiveCalls = 0.0
    public var closedByServer = 0
    public var windowSeconds = 0.0
    public var underruns = 0
    public var underrunMillis = 0.0
    public var callsWithUnderruns = 0
    /// Underruns inside the measurement window (all calls up; at most 64 counted per call).
    public var windowUnderruns = 0
    /// Seconds into the call of each call's first underrun.
    public var firstUnderrun = Percentiles([])
    public var generatorLateSends = 0
    public var generatorMaxLagMillis = 0.0
    public var stalledTurns = 0
    public var callerTurns = 0
    public var agentShare = 0.0
    public var serverCPUMillisPerCallSecond = 0.0
    public var serverCores = 0.0
    public var generatorCPUMillisPerCallSecond = 0.0
    public var generatorCores = 0.0
    public var serverIdleRSS: Int64 = 0
    public var serverLoadedRSS: Int64 = 0
    public var bargeIns = 0
    public var bargeInsWithoutClear = 0
    public var bargeInStop = Percentiles([])
    public var bargeInClear = Percentiles([])
    // From the call records the server wrote.
    public var recordedCalls = 0
    public var recordingsAvailable = 0
    public var endReasons: [String: Int] = [:]
    public var platformLatency = Percentiles([])
    // Sequential phase.
    public var sequentialCalls = 0
    public var sequentialFailed = 0
    /// (calls completed, server RSS with no call live) after each wave.
    public var sequentialRSS: [(calls: Int, bytes: Int64)] = []
    public var serverWarnings = 0
    public var serverErrors = 0
    public var lastServerProblem: String?

    public init() {}

    public var rssPerCallBytes: Double {
        concurrentCalls > 0 ? Double(serverLoadedRSS - serverIdleRSS) / Double(concurrentCalls) : 0
    }

    /// RSS growth from the first tenth of the sequential calls to the end.
    public var sequentialGrowth: Double? {
        guard sequentialRSS.count >= 2, let last = sequentialRSS.last else { return nil }
        let baseline = sequentialRSS.first { $0.calls >= sequentialCalls / 10 } ?? sequentialRSS[0]
        return Double(last.bytes - baseline.bytes) / Double(baseline.bytes)
    }

    public func lines() -> [String] {
        func ms(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? "n/a" }
        func kb(_ bytes: Double) -> String { String(format: "%.0f KB", bytes / 1_024) }
        var out: [String] = []
        out.append("concurrent calls: \(concurrentCalls) held for \(String(format: "%.0f", windowSeconds)) s (requested \(callsRequested), connected \(callsConnected), failed to connect \(failedToConnect), ended by server \(closedByServer))   target ≥ 1,000")
        out.append("playout underruns (60 ms buffer): \(underruns) in \(callsWithUnderruns) calls, \(String(format: "%.0f", underrunMillis)) ms of gaps   target 0")
        out.append("  of them in the measurement window (all calls up): \(windowUnderruns)")
        if firstUnderrun.count > 0 {
            out.append(String(format: "  first underrun of a call at p50 %.1f s, p99 %.1f s into the call", firstUnderrun.at(50) ?? 0, firstUnderrun.at(99) ?? 0))
        }
        out.append("  load generator sends > 20 ms late: \(generatorLateSends), worst lag \(ms(generatorMaxLagMillis)); stalled caller turns: \(stalledTurns) of \(callerTurns)")
        out.append(String(format: "  agent audio share of call time: %.0f %%   script target ≥ 40 %%", agentShare * 100))
        out.append(String(format: "server CPU: %.3f ms per call-second (%.2f cores)   target ≤ 0.5 ms", serverCPUMillisPerCallSecond, serverCores))
        out.append(String(format: "load generator CPU: %.3f ms per call-second (%.2f cores, same machine)", generatorCPUMillisPerCallSecond, generatorCores))
        out.append("server RSS: idle \(kb(Double(serverIdleRSS))), loaded \(kb(Double(serverLoadedRSS))), \(kb(rssPerCallBytes)) per call   target ≤ 256 KB")
        out.append("platform-added latency (endpoint → first frame out, media clock, \(platformLatency.count) turns of \(recordedCalls) recorded calls): p50 \(ms(platformLatency.at(50))), p99 \(ms(platformLatency.at(99))), max \(ms(platformLatency.largest))   target p99 ≤ 5 ms")
        let reasons = endReasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out.append("  recordings available: \(recordingsAvailable) of \(recordedCalls); end reasons: \(reasons)")
        out.append("barge-in (\(bargeIns), \(bargeInsWithoutClear) without clear): onset → last agent frame p50 \(ms(bargeInStop.at(50))), p99 \(ms(bargeInStop.at(99)))   target ≤ 150 ms")
        out.append("  onset → clear received p50 \(ms(bargeInClear.at(50))), p99 \(ms(bargeInClear.at(99))), max \(ms(bargeInClear.largest))   target ≤ 400 ms")
        if sequentialCalls > 0 {
            let growth = sequentialGrowth.map { String(format: "%+.1f %%", $0 * 100) } ?? "n/a"
            let points = sequentialRSS.map { "\($0.calls): \(kb(Double($0.bytes)))" }.joined(separator: ", ")
            out.append("sequential calls: \(sequentialCalls) (\(sequentialFailed) failed); server RSS growth after the first tenth \(growth)   target ≤ 5 %")
            out.append("  RSS with no call live after n calls: \(points)")
        }
        out.append("server log: \(serverWarnings) warnings, \(serverErrors) errors" + (lastServerProblem.map { "; last: \($0)" } ?? ""))
        return out
    }
}
