/// One call's conversation state machine: turn-taking, endpointing, barge-in,
/// reprompts and limits.
///
/// Pure and synchronous: the driver feeds it one `FrameAnalysis` per 20 ms
/// caller frame (`processFrame`) and provider results (`handle`), and carries
/// out the returned actions. Time comes only from the frames' media
/// timestamps, so every behaviour can be tested on a virtual clock. Nothing on
/// the per-frame path allocates once the action buffer has capacity.
public struct CallSession: Sendable {
    public let configuration: CallSessionConfiguration
    public internal(set) var phase: CallPhase = .listening
    /// Media time of the latest frame.
    public internal(set) var now: MediaTime = .zero

    // Caller speech tracking.
    var speechRunMilliseconds: Int64 = 0
    var silenceRunMilliseconds: Int64 = 0
    var speechRunStart: MediaTime = .zero
    var utterance: Utterance?
    var requestCounter = 0

    // The agent's current reply.
    var reply: Reply?
    var replyCounter = 0
    var playout = AgentPlayout()
    var bargeIn: BargeIn?
    var echoGate: EchoGate
    let backchannels: InterruptionSettings

    // Turns and telemetry.
    var telemetry = TurnTelemetry(turn: 0)
    var telemetryReported = true
    var turnCount = 0

    // Silence, DTMF and limits.
    var listeningSince: MediaTime = .zero
    var reprompts = 0
    var dtmfDigits = ""
    var lastDTMF: MediaTime = .zero
    var started = false

    public init(configuration: CallSessionConfiguration = CallSessionConfiguration()) {
        self.configuration = configuration
        let windowFrames = Int(configuration.echoWindowMilliseconds / max(configuration.frameMilliseconds, 1))
        echoGate = EchoGate(windowFrames: windowFrames, marginDB: configuration.echoMarginDB)
        backchannels = InterruptionSettings(
            enabled: configuration.interruptionsEnabled,
            minSpeechMs: Int(configuration.bargeInMinimumSpeechMilliseconds),
            backchannelWords: configuration.backchannelWords)
    }

    /// Starts the call at media time `time`: opening notices, then the brain's first message.
    public mutating func start(at time: MediaTime, actions: inout [CallSessionAction]) {
        guard !started else { return }
        started = true
        now = time
        startReply(input: .callStarted, notices: configuration.openingNotices, actions: &actions)
    }

    /// Handles one caller frame and fills `agentFrame` with the agent audio to
    /// send at the same time. Returns true when `agentFrame` holds agent audio
    /// (otherwise the caller should send silence or comfort noise).
    public mutating func processFrame(
        _ frame: FrameAnalysis,
        agentFrame: UnsafeMutableBufferPointer<Int16>,
        actions: inout [CallSessionAction]
    ) -> Bool {
        now = frame.time
        guard phase != .ended else { return false }
        let played = playAgentAudio(into: agentFrame, actions: &actions)
        trackCallerSpeech(frame)
        switch phase {
        case .listening: listeningFrame(actions: &actions)
        case .userSpeaking: userSpeakingFrame(actions: &actions)
        case .thinking: thinkingFrame(actions: &actions)
        case .agentSpeaking: agentSpeakingFrame(actions: &actions)
        case .ending, .ended: break
        }
        checkLimits(actions: &actions)
        finishReplyIfDone(actions: &actions)
        return played
    }

    /// Events and decisions happen after the current frame was taken in, at its end.
    var eventTime: MediaTime { now + configuration.frameMilliseconds }

    /// True while the caller's words are being collected.
    public var isCollectingUtterance: Bool { utterance != nil }
}

extension CallSession {
    /// The caller's current turn.
    struct Utterance: Sendable {
        var start: MediaTime
        /// End of the last speech frame.
        var lastSpeechEnd: MediaTime
        var text: String = ""
        /// Whether `text` reads as a finished sentence (worked out once per transcript, not per frame).
        var wordsComplete = false
        /// The speech end the current `text` covers (nil until a transcript arrives).
        var transcribedThrough: MediaTime?
        var transcribedAt: MediaTime = .zero
        var pendingRequest: Int?
        var pendingSince: MediaTime = .zero
        var requestedThrough: MediaTime?
        var requestedRange: (from: MediaTime, to: MediaTime)?
        var turnProbability: Double?
    }

    /// The agent reply being generated and played.
    struct Reply: Sendable {
        var id: Int
        var askedAt: MediaTime
        var fromBrain: Bool
        var splitter = SentenceSplitter()
        var sentences: [String] = []
        var finishedSentences = 0
        var brainFinished = false
        var gotBrainOutput = false
        var firstAudioAt: MediaTime?
        var startedPlayingAt: MediaTime?
        var endAction: EndAction?
    }

    enum EndAction: Sendable, Equatable {
        case transfer(String)
        case hangUp(String)
    }

    /// Stage one of an interruption: agent audio paused, words not yet known.
    struct BargeIn: Sendable {
        var onset: MediaTime
        var pausedAt: MediaTime
        /// Whether the words so far were sent for transcription while the caller still talks.
        var earlyTranscriptRequested = false
    }
}
