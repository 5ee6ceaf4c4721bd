import Foundation
import Logging
import NIOPosix
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyProviders
import ParleyStorage
import ParleyVoice

/// `parley bench media`: a real server (`parley bench media-server`: `serve` with instant stub
/// providers, recordings on) as a child process on a fresh data dir, N simulated Twilio calls
/// from this process on loopback, then the call records read back for turn latencies.
public struct MediaBenchmark: Sendable {
    public struct Options: Sendable {
        public var calls = 100
        public var duration: Duration = .seconds(60)
        public var ramp: Duration = .seconds(20)
        public var sequential = 0
        public var sequentialConcurrency = 100
        public var sequentialCallDuration: Duration = .seconds(4)
        public var clientThreads = 1
        /// The `parley` binary to start the server from.
        public var executable: String

        public init(executable: String) {
            self.executable = executable
        }
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run(report: @escaping @Sendable (String) -> Void) async throws -> MediaBenchmarkFigures {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-media-\(SecureToken.random(bytes: 6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = ParleyConfiguration()
        config.dataDir = dir
        config.databaseURL = .sqlite(path: dir + "/parley.sqlite")
        config.bcryptCost = 4
        try await prepareDataDir(config)
        let script = CallerScript(line: try await Self.callerLine())
        report(String(format: "caller line: \"%@\" (%.1f s, voiced from %d ms, flite slt); agent speech: tone at %d ms per character; machine: %d cores",
                      BenchmarkProviders.callerLine, Double(script.speech.count) * 0.02, script.speechOnsetFrame * 20,
                      BenchmarkTextToSpeech.millisecondsPerCharacter,
                      ProcessInfo.processInfo.activeProcessorCount))
        let server = try BenchServerProcess(executable: options.executable, arguments: [
            "bench", "media-server", "--data-dir", dir, "--port", "0", "--bcrypt-cost", "4", "--log-level", "notice",
            "--log-format", "json", "--api-rate-limit", "0", "--dev-allow-unsigned-streams",
            // Every simulated call is in the default org: lift the per-org and node call limits
            // above the load, or the node answers the calls past 500 `busy`.
            "--max-calls", String(max(2_000, 2 * options.calls)), "--max-calls-per-org", String(max(500, options.calls)),
        ])
        guard let port = await server.waitForPort() else {
            _ = await server.stop()
            throw ParleyError(.internal, "the benchmark server did not start: \(server.problems.last ?? "no log")")
        }
        var figures = MediaBenchmarkFigures()
        do {
            try await Task.sleep(for: .seconds(1))
            figures.serverIdleRSS = ProcessSample.read(pid: server.pid)?.residentBytes ?? 0
            let generator = MediaLoadGenerator(port: port, script: script, threads: options.clientThreads)
            try await concurrent(generator, server: server, into: &figures, report: report)
            if options.sequential > 0 {
                try await sequential(generator, server: server, into: &figures, report: report)
            }
        } catch {
            _ = await server.stop()
            throw error
        }
        let status = await server.stop()
        (figures.serverWarnings, figures.serverErrors, figures.lastServerProblem) = server.problems
        if status != 0 { report("server exited with status \(status)") }
        try await readRecords(config, run: "0000000000000001", into: &figures)
        return figures
    }

    /// Fresh data dir: default org, built-in agents, `demo` recording its calls.
    func prepareDataDir(_ config: ParleyConfiguration) async throws {
        let database = try await ParleyServer.openDatabase(config, logger: logger)
        let logger = self.logger
        try await database.withRunning {
            let clock = SystemWallClock()
            try await ParleyServer.prepare(database, config: config, clock: clock, logger: logger, output: { _ in })
            guard let org = try await OrganizationRepository(database: database, clock: clock).defaultOrganization() else {
                throw ParleyError(.internal, "no default organization")
            }
            let agents = AgentRepository(database: database, clock: clock)
            guard var demo = try await agents.find(nameOrID: "demo", org: org.id) else { throw ParleyError(.internal, "no demo agent") }
            demo.configuration.recordingEnabled = true
            _ = try await agents.update(demo.id, org: org.id, name: nil, configuration: demo.configuration)
        }
    }

    /// The caller's words, spoken once by flite's slt voice, at 8 kHz.
    static func callerLine() async throws -> [Int16] {
        let tts = try FliteTextToSpeech(voice: "slt", threadPool: NIOThreadPool.singleton)
        var samples: [Int16] = []
        var rate = 8_000
        for try await chunk in tts.synthesize(BenchmarkProviders.callerLine, preferredSampleRate: 8_000) {
            samples += chunk.samples
            rate = chunk.sampleRate
        }
        return AudioBuffer(sampleRate: rate, samples: samples).resampled(to: 8_000).samples
    }

    struct Window: Sendable {
        var server: (ProcessSample, ProcessSample)?
        var generator: (ProcessSample, ProcessSample)?
        /// Start and end of the window on the load generator's clock (µs).
        var startMicros: Int64 = 0
        var endMicros: Int64 = 0
        var minLive = 0
        var meanLive = 0.0
        var seconds = 0.0
    }

    func concurrent(_ generator: MediaLoadGenerator, server: BenchServerProcess, into figures: inout MediaBenchmarkFigures,
                    report: @escaping @Sendable (String) -> Void) async throws {
        let live = LiveCallCounter()
        let (calls, duration, pid) = (options.calls, options.duration, server.pid)
        report("concurrent: \(calls) calls, ramp \(options.ramp), then \(duration) measured")
        let (outcome, window) = try await generator.run(calls: calls, ramp: options.ramp, run: "0000000000000001", live: live) {
            // Let the last calls through their greeting set-up before measuring.
            try await Task.sleep(for: .seconds(2))
            let serverStart = ProcessSample.read(pid: pid), generatorStart = ProcessSample.read()
            let clock = ContinuousClock()
            let begin = clock.now
            var window = Window(startMicros: SimulatedTwilioCall.nowMicros(), minLive: live.count)
            var samples: [Int] = []
            while clock.now - begin < duration {
                try await Task.sleep(for: .seconds(1))
                samples.append(live.count)
                window.minLive = min(window.minLive, live.count)
                if samples.count % 10 == 0 { report("  \(samples.count) s: \(live.count) live calls") }
            }
            if let serverStart, let serverEnd = ProcessSample.read(pid: pid) { window.server = (serverStart, serverEnd) }
            if let generatorStart, let generatorEnd = ProcessSample.read() { window.generator = (generatorStart, generatorEnd) }
            window.endMicros = SimulatedTwilioCall.nowMicros()
            window.meanLive = Double(samples.reduce(0, +)) / Double(max(samples.count, 1))
            window.seconds = (clock.now - begin).secondsDouble
            return window
        }
        figures.callsRequested = calls
        figures.callsConnected = outcome.calls.filter(\.connected).count
        figures.failedToConnect = outcome.failedToConnect
        figures.concurrentCalls = window.minLive
        figures.meanLiveCalls = window.meanLive
        figures.windowSeconds = window.seconds
        let callSeconds = window.meanLive * window.seconds
        if let (start, end) = window.server {
            figures.serverCPUMillisPerCallSecond = callSeconds > 0 ? (end.cpuMilliseconds - start.cpuMilliseconds) / callSeconds : 0
            figures.serverCores = (end.cpuMilliseconds - start.cpuMilliseconds) / 1_000 / window.seconds
            figures.serverLoadedRSS = end.residentBytes
        }
        if let (start, end) = window.generator {
            figures.generatorCPUMillisPerCallSecond = callSeconds > 0 ? (end.cpuMilliseconds - start.cpuMilliseconds) / callSeconds : 0
            figures.generatorCores = (end.cpuMilliseconds - start.cpuMilliseconds) / 1_000 / window.seconds
        }
        var stop: [Double] = [], clear: [Double] = []
        var agentShares: [Double] = []
        var firstUnderruns: [Double] = []
        for call in outcome.calls {
            figures.closedByServer += call.closedByServer ? 1 : 0
            figures.underruns += call.playout.underruns
            figures.windowUnderruns += call.playout.underrunTimes.filter { $0 >= window.startMicros && $0 <= window.endMicros }.count
            figures.underrunMillis += Double(call.playout.underrunMicros) / 1_000
            figures.callsWithUnderruns += call.playout.underruns > 0 ? 1 : 0
            figures.generatorLateSends += call.lateSends
            figures.generatorMaxLagMillis = max(figures.generatorMaxLagMillis, Double(call.maxSendLagMicros) / 1_000)
            figures.stalledTurns += call.stalledTurns
            figures.callerTurns += call.callerTurns
            figures.bargeIns += call.bargeIns
            figures.bargeInsWithoutClear += call.bargeInsWithoutClear
            stop += call.bargeInStopMillis
            clear += call.bargeInClearMillis
            agentShares.append(call.agentShare)
            if let first = call.playout.firstUnderrunAt { firstUnderruns.append(Double(first - call.startedAt) / 1e6) }
        }
        figures.agentShare = agentShares.reduce(0, +) / Double(max(agentShares.count, 1))
        figures.firstUnderrun = Percentiles(firstUnderruns)
        figures.bargeInStop = Percentiles(stop)
        figures.bargeInClear = Percentiles(clear)
    }

    /// Waves of short calls with no call live between them: server RSS after each.
    func sequential(_ generator: MediaLoadGenerator, server: BenchServerProcess, into figures: inout MediaBenchmarkFigures,
                    report: @escaping @Sendable (String) -> Void) async throws {
        let total = options.sequential
        let wave = max(1, min(options.sequentialConcurrency, total))
        report("sequential: \(total) calls of \(options.sequentialCallDuration), \(wave) at a time")
        var done = 0
        var waveIndex = 0
        while done < total {
            let count = min(wave, total - done)
            waveIndex += 1
            let hold = options.sequentialCallDuration
            let run = String(2 + waveIndex)
            let (outcome, _) = try await generator.run(
                calls: count, ramp: .milliseconds(count * 5), run: String(repeating: "0", count: 16 - run.count) + run, live: LiveCallCounter()) {
                try await Task.sleep(for: hold)
            }
            done += count
            figures.sequentialFailed += outcome.failedToConnect
            let rss = ProcessSample.read(pid: server.pid)?.residentBytes ?? 0
            figures.sequentialRSS.append((done, rss))
            if waveIndex % 10 == 0 || done == total { report("  \(done) calls: server RSS \(rss / 1_024) KB") }
        }
        figures.sequentialCalls = done
    }

    /// Turn telemetry and recordings of the concurrent phase's calls, from the database.
    func readRecords(_ config: ParleyConfiguration, run: String, into figures: inout MediaBenchmarkFigures) async throws {
        let database = try await ParleyServer.openDatabase(config, logger: logger)
        let logger = self.logger
        let prefix = "CA" + run
        let (recorded, available, latencies, reasons) = try await database.withRunning {
            let clock = SystemWallClock()
            let keyring = try await ParleyServer.prepare(database, config: config, clock: clock, logger: logger, output: { _ in })
            guard let org = try await OrganizationRepository(database: database, clock: clock).defaultOrganization() else {
                throw ParleyError(.internal, "no default organization")
            }
            let calls = CallRepository(database: database, keyring: keyring, clock: clock)
            var recorded = 0, available = 0
            var latencies: [Double] = []
            var reasons: [String: Int] = [:]
            var cursor: String?
            repeat {
                let page = try await calls.list(org: org.id, page: PageRequest(limit: PageRequest.maxLimit, after: cursor))
                for call in page.items where call.externalID?.hasPrefix(prefix) == true {
                    recorded += 1
                    reasons[call.endReason ?? "none", default: 0] += 1
                    available += call.recordingState == .available ? 1 : 0
                    for turn in try await calls.turns(call.id, org: org.id) {
                        if let endpoint = turn.endpoint, let out = turn.firstFrameOut {
                            latencies.append(Double(out.since(endpoint)))
                        }
                    }
                }
                cursor = page.nextCursor
            } while cursor != nil
            return (recorded, available, latencies, reasons)
        }
        figures.recordedCalls = recorded
        figures.recordingsAvailable = available
        figures.endReasons = reasons
        figures.platformLatency = Percentiles(latencies)
    }
}
