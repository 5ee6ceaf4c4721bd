@testable import ParleyVoice

/// Drives a `CallSession` frame by frame on a virtual clock, with scripted,
/// instant providers, and records every action.
struct SessionHarness {
    var session: CallSession
    var log: [CallSessionAction] = []
    var time: Int64 = 0
    var agentFramesPlayed = 0
    /// Level (dBFS) of the last agent frame sent; used to script echo.
    var lastAgentLevel: Float = -96
    private var buffer: [Int16]
    private var actions: [CallSessionAction] = []

    /// Answers `.askBrain`: the outputs of the reply, or nil for no answer.
    var brain: (BrainInput) -> [BrainOutput]? = { _ in [.text("Okay.")] }
    /// Answers `.transcribe`: the text, or nil for no answer.
    var transcript: () -> String? = { "Hello there." }
    /// Answers `.predictTurn`, or nil for no answer.
    var turnProbability: () -> Double? = { nil }
    /// Synthesised speech per word, in milliseconds.
    var millisecondsPerWord: Int64 = 300
    /// Amplitude of synthesised speech.
    var ttsAmplitude: Int16 = 8_000
    /// When false, `.synthesize` gets no answer.
    var ttsAnswers = true

    init(configuration: CallSessionConfiguration = CallSessionConfiguration()) {
        session = CallSession(configuration: configuration)
        buffer = Array(repeating: 0, count: configuration.frameSamples)
        actions.reserveCapacity(16)
    }

    var now: MediaTime { MediaTime(milliseconds: time) }

    mutating func start() {
        session.start(at: now, actions: &actions)
        drain()
    }

    /// Advances `milliseconds` of caller audio: speech (probability 0.9) or silence.
    mutating func advance(_ milliseconds: Int64, speech: Bool = false, level: Float? = nil) {
        let step = session.configuration.frameMilliseconds
        var elapsed: Int64 = 0
        while elapsed < milliseconds {
            let callerLevel = level ?? (speech ? -18 : -70)
            let analysis = FrameAnalysis(time: now, speechProbability: speech ? 0.9 : 0.05, levelDB: callerLevel)
            let played = buffer.withUnsafeMutableBufferPointer { frame in
                session.processFrame(analysis, agentFrame: frame, actions: &actions)
            }
            if played {
                agentFramesPlayed += 1
                lastAgentLevel = buffer.withUnsafeBufferPointer { FrameLevel.decibels($0) }
            } else {
                lastAgentLevel = -96
            }
            time += step
            elapsed += step
            drain()
        }
    }

    /// Advances while echoing the agent's audio back `attenuation` dB down.
    mutating func advanceWithEcho(_ milliseconds: Int64, attenuation: Float) {
        let step = session.configuration.frameMilliseconds
        var elapsed: Int64 = 0
        while elapsed < milliseconds {
            let echoLevel = lastAgentLevel - attenuation
            // The VAD sees the echo as speech: only the echo check can stop a barge-in.
            advance(step, speech: lastAgentLevel > -90, level: echoLevel)
            elapsed += step
        }
    }

    mutating func send(_ event: CallSessionEvent) {
        session.handle(event, actions: &actions)
        drain()
    }

    private mutating func drain() {
        while !actions.isEmpty {
            let batch = actions
            actions.removeAll(keepingCapacity: true)
            log.append(contentsOf: batch)
            for action in batch { respond(to: action) }
        }
    }

    private mutating func respond(to action: CallSessionAction) {
        switch action {
        case .transcribe(let id, _, _):
            if let text = transcript() { session.handle(.transcribed(id: id, text: text), actions: &actions) }
        case .predictTurn(let id, _, _):
            if let probability = turnProbability() {
                session.handle(.turnPredicted(id: id, probability: probability), actions: &actions)
            }
        case .askBrain(let reply, let input):
            guard let outputs = brain(input) else { return }
            for output in outputs { session.handle(.brain(reply: reply, output), actions: &actions) }
            session.handle(.brainFinished(reply: reply), actions: &actions)
        case .synthesize(let reply, let sentence, let text):
            guard ttsAnswers else { return }
            let words = Int64(max(TextNormalizer.tokens(text).count, 1))
            let count = Int(words * millisecondsPerWord) * session.configuration.sampleRate / 1000
            let samples = (0..<count).map { $0 % 2 == 0 ? ttsAmplitude : -ttsAmplitude }
            session.handle(.synthesized(reply: reply, sentence: sentence, samples: samples), actions: &actions)
            session.handle(.synthesisFinished(reply: reply, sentence: sentence), actions: &actions)
        default:
            break
        }
    }

    // MARK: queries

    var transcriptLines: [TranscriptEntry] {
        log.compactMap { if case .transcript(let entry) = $0 { entry } else { nil } }
    }

    var brainInputs: [BrainInput] {
        log.compactMap { if case .askBrain(_, let input) = $0 { input } else { nil } }
    }

    var notices: [CallSessionNotice] {
        log.compactMap { if case .event(let notice) = $0 { notice } else { nil } }
    }

    var telemetry: [TurnTelemetry] {
        log.compactMap { if case .turnCompleted(let turn) = $0 { turn } else { nil } }
    }

    func count(_ predicate: (CallSessionAction) -> Bool) -> Int {
        log.filter(predicate).count
    }

    mutating func clearLog() { log.removeAll() }

    /// Runs silence until the session is listening again (or the limit passes).
    mutating func runUntilListening(limit: Int64 = 20_000) {
        var waited: Int64 = 0
        while session.phase != .listening, session.phase != .ended, waited < limit {
            advance(20)
            waited += 20
        }
    }
}
