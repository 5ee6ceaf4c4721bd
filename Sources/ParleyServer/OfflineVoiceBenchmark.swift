import Foundation
import Logging
import NIOPosix
import ParleyAudio
import ParleyProviders
import ParleyVoice

/// Whole offline calls on the neural stack (Whisper, Piper, smart-turn and the
/// demo flow), in real time: voice-to-voice latency per turn with its stage
/// breakdown, and how many calls at once still answer every turn in time.
public struct OfflineVoiceBenchmark {
    let config: ParleyConfiguration
    let logger: Logger
    /// A turn answered later than this fails the concurrency level.
    public var turnDeadlineMilliseconds: Int64 = 1_500

    public init(config: ParleyConfiguration, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// The caller's side of a booking call, with pauses long enough for the agent's answers.
    static let script: [(line: String, pauseAfter: Double)] = [
        ("", 13), ("I'd like to book an appointment.", 4), ("Next Tuesday.", 4), ("Three in the afternoon.", 3.5),
        ("My name is Sarah Jones.", 7), ("Yes, that's right.", 9), ("What are your opening hours?", 11),
        ("No, that's all. Goodbye.", 4),
    ]

    /// The scripted caller spoken by flite's slt voice, at 8 kHz through μ-law.
    static func callerAudio(threadPool: NIOThreadPool) async throws -> [Int16] {
        let voice = try FliteTextToSpeech(voice: "slt", threadPool: threadPool)
        var samples: [Int16] = []
        for part in script {
            if !part.line.isEmpty {
                for try await chunk in voice.synthesize(part.line, preferredSampleRate: 8_000) {
                    samples += chunk.resampled(to: 8_000).samples
                }
            }
            samples += [Int16](repeating: 0, count: Int(part.pauseAfter * 8_000))
        }
        return samples.map { G711.muLaw.decode(G711.muLaw.encode($0)) }
    }

    public func run(levels: [Int], report: (String) -> Void) async throws {
        let stack = try await VoiceStack.start(config, logger: logger)
        defer { Task { await stack.shutdown() } }
        let agent = try AgentConfiguration.builtIn(named: "demo")
        let caller = try await Self.callerAudio(threadPool: stack.threadPool)
        if let path = ProcessInfo.processInfo.environment["PARLEY_BENCH_TRANSCRIPT"], path.hasSuffix(".wav") {
            let wav = try WAVFile(sampleRate: 8_000, channelCount: 1, samples: caller)
            try Data(wav.encoded()).write(to: URL(fileURLWithPath: path))
        }
        report("offline calls, neural stack (\(stack.pool.configuration.workers) speech workers), demo flow, 8 kHz μ-law, real time, \(caller.count / 8_000) s per call:")
        for level in levels where level > 0 {
            let results = try await withThrowingTaskGroup(of: OfflineCallResult.self) { group in
                for _ in 0..<level {
                    group.addTask {
                        let engine = try CallEngine(
                            session: CallSessionConfiguration(agent: agent, sampleRate: 8_000),
                            providers: try stack.providers(for: agent),
                            detector: try VoiceActivityEstimator(sampleRate: 8_000),
                            screen: { agent.screen($0) })
                        return await OfflineCallRunner(engine: engine, realTime: true).run(caller: caller)
                    }
                }
                var all: [OfflineCallResult] = []
                for try await result in group { all.append(result) }
                return all
            }
            let turns = results.flatMap(\.turns).filter { $0.userSpeechEnd != nil }
            let totals = turns.compactMap(\.voiceToVoiceMilliseconds).sorted()
            let expected = level * (Self.script.count - 1)
            let late = totals.filter { $0 > turnDeadlineMilliseconds }.count
            let unanswered = expected - totals.count
            let verdict = late == 0 && unanswered == 0 ? "every turn within \(turnDeadlineMilliseconds) ms" : "\(late) late, \(unanswered) unanswered"
            report("  \(level) concurrent: voice-to-voice median \(Self.percentile(totals, 0.5)) ms, p95 \(Self.percentile(totals, 0.95)) ms, max \(totals.last ?? 0) ms over \(totals.count) turns — \(verdict)")
            if level == levels.first {
                report("    stage medians after end of caller speech: " + Self.stageMedians(turns))
            }
            let endings = Dictionary(grouping: results, by: \.endReason).mapValues(\.count)
            report("    calls ended: " + endings.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            if ProcessInfo.processInfo.environment["PARLEY_BENCH_TRANSCRIPT"] != nil, let first = results.first {
                for line in first.transcript { report("      \(line.speaker.rawValue): \(line.text)") }
            }
        }
    }

    static func stageMedians(_ turns: [TurnTelemetry]) -> String {
        func median(_ stage: (TurnTelemetry) -> MediaTime?) -> String {
            let values = turns.compactMap { turn -> Int64? in
                guard let end = turn.userSpeechEnd, let time = stage(turn) else { return nil }
                return time.since(end)
            }.sorted()
            return values.isEmpty ? "-" : "\(percentile(values, 0.5)) ms"
        }
        return "endpoint \(median(\.endpoint)), STT final \(median(\.sttFinal)), first brain output \(median(\.firstBrainOutput)), first TTS audio \(median(\.firstTTSAudio)), first frame out \(median(\.firstFrameOut))"
    }

    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}
