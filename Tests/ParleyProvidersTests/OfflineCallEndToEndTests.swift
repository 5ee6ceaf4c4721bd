import Foundation
import ParleyAudio
import ParleyCore
import ParleyProviders
import ParleyVoice
import Testing

/// The offline stack end to end: caller lines spoken by flite's slt voice, with
/// noise at 20 dB SNR, through G.711 μ-law at 8 kHz, recognised by the speech
/// worker and routed by the demo agent's flow.
@Suite(.enabled(if: SpeechTestSupport.workerAvailable, "needs `make speech`"), .serialized)
struct OfflineCallEndToEndTests {
    static let lines: [(text: String, intent: String)] = [
        ("I'd like to book an appointment.", "book"),
        ("What are your opening hours?", "hours"),
        ("Where are you located?", "location"),
        ("Can I speak to someone at the front desk?", "human"),
        ("I need to cancel my appointment.", "change"),
        ("Could you say that again?", "repeat"),
        ("When are you open on Saturday?", "hours"),
        ("Can I make a booking for next week?", "book"),
        ("What's your address?", "location"),
        ("No thanks, goodbye.", "goodbye"),
    ]

    /// Caller audio as the phone line carries it: speech plus white noise 20 dB down, μ-law.
    static func phoneLine(_ text: String, seed: UInt64) async throws -> AudioBuffer {
        let speech = try await SpeechTestSupport.fliteSpeech(text)
        let padded = [Int16](repeating: 0, count: 4_000) + speech.samples + [Int16](repeating: 0, count: 4_000)
        let speechPower = speech.samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(speech.samples.count, 1))
        let noiseAmplitude = (speechPower / 100).squareRoot()  // 20 dB below the speech
        var generator = SplitMix64(seed: seed)
        let noisy = padded.map { sample -> Int16 in
            // Sum of uniforms ≈ Gaussian with unit variance.
            let gaussian = (0..<12).reduce(0.0) { sum, _ in sum + Double.random(in: 0..<1, using: &generator) } - 6
            return Int16(clamping: Int((Double(sample) + gaussian * noiseAmplitude).rounded()))
        }
        return SpeechTestSupport.throughMuLaw(AudioBuffer(sampleRate: speech.sampleRate, samples: noisy))
    }

    @Test func nineOfTenTurnsReachTheRightIntent() async throws {
        let pool = try await SpeechTestSupport.pool(workers: 2)
        defer { Task { await pool.shutdown() } }
        let stt = WorkerSpeechToText(pool: pool)
        let agent = try AgentConfiguration.builtIn(named: "demo")
        var routed = 0
        var misses: [String] = []
        for (index, line) in Self.lines.enumerated() {
            var runner = try #require(agent.makeFlowRunner(now: Date(timeIntervalSince1970: 1_795_000_000)))
            // As on a call, the recogniser gets what the caller just heard as context.
            let heardByCaller = runner.start().compactMap { action -> String? in
                if case .say(let text) = action { return text }
                return nil
            }.joined(separator: " ")
            let audio = try await Self.phoneLine(line.text, seed: UInt64(index + 1))
            let heard = try await stt.transcribe(audio, context: heardByCaller).text
            let actions = runner.receive(.utterance(heard))
            let intent = actions.compactMap { action -> String? in
                if case .matched(let intent, _, _, _) = action { return intent }
                return nil
            }.first
            if intent == line.intent { routed += 1 } else { misses.append("'\(line.text)' heard as '\(heard)' → \(intent ?? "no match")") }
        }
        #expect(routed >= 9, "misrouted: \(misses)")
    }

    @Test func wholeCallAnswersAndRepromptsAnUnmatchedUtterance() async throws {
        let pool = try await SpeechTestSupport.pool(workers: 2)
        defer { Task { await pool.shutdown() } }
        let agent = try AgentConfiguration.builtIn(named: "demo")
        let providers = CallEngine.Providers(
            speechToText: WorkerSpeechToText(pool: pool),
            textToSpeech: FallbackTextToSpeech([WorkerTextToSpeech(pool: pool)]),
            turnPredictor: WorkerTurnPredictor(pool: pool),
            brain: FlowBrain(agent: agent))
        var session = CallSessionConfiguration(agent: agent, sampleRate: 8_000)
        // This test is about understanding, not speed: a loaded test machine must not turn a
        // slow transcript into the "didn't catch that" fallback.
        session.providerDeadlineMilliseconds = 15_000
        let engine = try CallEngine(
            session: session, providers: providers,
            detector: try VoiceActivityEstimator(sampleRate: 8_000), screen: { agent.screen($0) })
        var caller = [Int16](repeating: 0, count: 8_000 * 14)  // the greeting plays
        caller += try await Self.phoneLine("What are your opening hours?", seed: 7).samples
        caller += [Int16](repeating: 0, count: 8_000 * 12)
        caller += try await Self.phoneLine("Purple elephants dance quietly.", seed: 8).samples
        caller += [Int16](repeating: 0, count: 8_000 * 8)
        let result = await OfflineCallRunner(engine: engine, realTime: false).run(caller: caller)
        let agentLines = result.transcript.filter { $0.speaker == .agent }.map(\.text)
        #expect(agentLines.contains { $0.contains("Monday to Friday") })
        #expect(agentLines.last?.contains("Sorry, I didn't catch that") == true, "agent said: \(agentLines)")
        #expect(result.turns.count == 2)
        #expect(result.turns.allSatisfy { $0.firstFrameOut != nil })
    }
}
