import Foundation
import ParleyAudio

/// Measures the engine's per-frame work with instant providers: μ-law decode,
/// VAD, level, the call session (endpointing, barge-in, playout) and μ-law
/// encode of the agent frame — everything a live call does per 20 ms frame
/// except the transport. Provider answers are given synchronously per
/// utterance, as a stub would, so they don't count as per-frame work.
public struct EngineFrameBenchmark {
    public struct Result: Sendable {
        public var frames: Int
        public var seconds: Double
        public var turns: Int
        public var bargeIns: Int
        public var nanosecondsPerFrame: Double { seconds * 1e9 / Double(max(frames, 1)) }
    }

    public var calls: Int
    public var secondsPerCall: Int

    public init(calls: Int = 50, secondsPerCall: Int = 120) {
        self.calls = calls
        self.secondsPerCall = secondsPerCall
    }

    /// A scripted caller: 1.2 s of speech-like tone bursts, 2.5 s of silence,
    /// and every fifth turn speech that starts while the agent talks (barge-in).
    static func callerAudio(seconds: Int) -> [UInt8] {
        let rate = 8_000
        var samples = [Int16](repeating: 0, count: seconds * rate)
        var position = 3 * rate
        var turn = 0
        while position < samples.count {
            turn += 1
            let speech = turn % 5 == 0 ? rate * 2 : rate * 6 / 5
            for index in 0..<min(speech, samples.count - position) {
                let envelope = 0.6 + 0.4 * sin(Double(index) * 2 * .pi * 4 / Double(rate))
                samples[position + index] = Int16(7_000 * envelope * sin(Double(index) * 2 * .pi * 180 / Double(rate)))
            }
            position += speech + (turn % 5 == 4 ? rate * 3 / 2 : rate * 5 / 2)
        }
        return samples.map { G711.muLaw.encode($0) }
    }

    public func run() throws -> Result {
        let audio = Self.callerAudio(seconds: secondsPerCall)
        var configuration = CallSessionConfiguration()
        configuration.sampleRate = 8_000
        let frame = configuration.frameSamples
        let agentAudio = (0..<(8_000 * 8 / 5)).map { Int16(6_000 * sin(Double($0) * 2 * .pi * 300 / 8_000)) }
        var frames = 0
        var turns = 0
        var bargeIns = 0
        var elapsed: Duration = .zero
        let clock = ContinuousClock()
        var callerPCM = [Int16](repeating: 0, count: frame)
        var agentPCM = [Int16](repeating: 0, count: frame)
        var agentCodes = [UInt8](repeating: 0, count: frame)
        var actions: [CallSessionAction] = []
        actions.reserveCapacity(64)
        for _ in 0..<calls {
            var session = CallSession(configuration: configuration)
            var detector = try VoiceActivityDetector(sampleRate: 8_000)
            session.start(at: .zero, actions: &actions)
            answer(&actions, session: &session, agentAudio: agentAudio, turns: &turns, bargeIns: &bargeIns)
            let start = clock.now
            var offset = 0
            var time: Int64 = 0
            while offset + frame <= audio.count {
                audio.withUnsafeBufferPointer { codes in
                    callerPCM.withUnsafeMutableBufferPointer { pcm in
                        G711.muLaw.decode(UnsafeBufferPointer(rebasing: codes[offset..<(offset + frame)]), into: pcm)
                    }
                }
                let played = callerPCM.withUnsafeBufferPointer { pcm -> Bool in
                    let activity = detector.process(frame: pcm)
                    let analysis = FrameAnalysis(time: MediaTime(milliseconds: time), speechProbability: activity.probability, levelDB: FrameLevel.decibels(pcm))
                    return agentPCM.withUnsafeMutableBufferPointer { out in
                        session.processFrame(analysis, agentFrame: out, actions: &actions)
                    }
                }
                if played {
                    agentPCM.withUnsafeBufferPointer { pcm in
                        agentCodes.withUnsafeMutableBufferPointer { G711.muLaw.encode(pcm, into: $0) }
                    }
                }
                if !actions.isEmpty {
                    answer(&actions, session: &session, agentAudio: agentAudio, turns: &turns, bargeIns: &bargeIns)
                }
                offset += frame
                time += configuration.frameMilliseconds
                frames += 1
            }
            elapsed += clock.now - start
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(frames: frames, seconds: seconds, turns: turns, bargeIns: bargeIns)
    }

    /// Instant providers: every request is answered before the next frame.
    private func answer(
        _ actions: inout [CallSessionAction], session: inout CallSession, agentAudio: [Int16],
        turns: inout Int, bargeIns: inout Int
    ) {
        var pending = actions
        actions.removeAll(keepingCapacity: true)
        while !pending.isEmpty {
            for action in pending {
                switch action {
                case .transcribe(let id, _, _):
                    session.handle(.transcribed(id: id, text: "I would like to book an appointment."), actions: &actions)
                case .askBrain(let reply, _):
                    turns += 1
                    session.handle(.brain(reply: reply, .text("Sure, what day would you like to come in?")), actions: &actions)
                    session.handle(.brainFinished(reply: reply), actions: &actions)
                case .synthesize(let reply, let sentence, _):
                    session.handle(.synthesized(reply: reply, sentence: sentence, samples: agentAudio), actions: &actions)
                    session.handle(.synthesisFinished(reply: reply, sentence: sentence), actions: &actions)
                case .clearPlayback:
                    bargeIns += 1
                default:
                    break
                }
            }
            pending = actions
            actions.removeAll(keepingCapacity: true)
        }
    }
}
