import ParleyAudio
import ParleyCore

/// Runs one call: analyses caller frames, drives the `CallSession`, and carries
/// out its actions with the providers.
///
/// Confined to one thread or event loop (not `Sendable`): the frame loop calls
/// `processCallerFrame` every 20 ms. Provider work runs in tasks per utterance
/// or sentence — never per frame — and their results come back through the
/// inbox, drained at the next frame.
public final class CallEngine {
    public struct Providers: Sendable {
        public var speechToText: any SpeechToText
        public var textToSpeech: any TextToSpeech
        public var turnPredictor: (any TurnPredictor)?
        public var brain: any Brain

        public init(
            speechToText: any SpeechToText, textToSpeech: any TextToSpeech,
            turnPredictor: (any TurnPredictor)?, brain: any Brain
        ) {
            self.speechToText = speechToText
            self.textToSpeech = textToSpeech
            self.turnPredictor = turnPredictor
            self.brain = brain
        }
    }

    public private(set) var session: CallSession
    public weak var observer: (any CallEngineObserver)?
    let providers: Providers
    let conversation: any BrainConversation
    let inbox = CallEngineInbox()
    /// Looks at each caller utterance before the brain: "are you a robot?" is
    /// answered truthfully whatever the brain would say; goodbyes end the call.
    let screen: @Sendable (String) -> UtteranceScreen
    var detector: any SpeechProbabilityEstimator
    /// In-band keypad tones in the caller's audio (RTP without RFC 4733 events, recordings).
    var keypad: DTMFDetector
    let detectsKeypadTones: Bool
    var history: CallerAudioHistory
    var actions: [CallSessionAction] = []
    var events: [CallSessionEvent] = []
    var brainTasks: [Int: Task<Void, Never>] = [:]
    var speechTasks: [Int: [Task<Void, Never>]] = [:]
    var recognitionTasks: [Task<Void, Never>] = []
    /// The agent's latest words, given to speech recognition as context.
    var agentContext = ""

    public init(
        session: CallSessionConfiguration,
        providers: Providers,
        detector: any SpeechProbabilityEstimator,
        variables: [String: String] = [:],
        detectsKeypadTones: Bool = true,
        screen: @escaping @Sendable (String) -> UtteranceScreen = { _ in .brain }
    ) throws(ParleyError) {
        self.session = CallSession(configuration: session)
        self.providers = providers
        self.detector = detector
        self.screen = screen
        self.detectsKeypadTones = detectsKeypadTones
        keypad = try DTMFDetector(sampleRate: session.sampleRate)
        conversation = providers.brain.makeConversation(variables: variables)
        history = CallerAudioHistory(sampleRate: session.sampleRate)
        actions.reserveCapacity(32)
        events.reserveCapacity(32)
    }

    /// True while provider work is running (an offline run must not skip time then).
    public var hasWorkInFlight: Bool { inbox.inFlight > 0 }
    public var phase: CallPhase { session.phase }

    public func start(at time: MediaTime) {
        session.start(at: time, actions: &actions)
        perform()
    }

    /// Handles one caller frame at media time `time` and writes the agent frame
    /// to send; returns false when there is no agent audio (send silence).
    public func processCallerFrame(
        _ frame: UnsafeBufferPointer<Int16>,
        at time: MediaTime,
        agentFrame: UnsafeMutableBufferPointer<Int16>
    ) -> Bool {
        deliverInbox()
        history.append(frame)
        var probability = detector.speechProbability(frame)
        if detectsKeypadTones {
            if let tone = keypad.process(frame) {
                session.handle(.dtmf(tone.digit.character), actions: &actions)
            }
            // A keypad tone is not speech.
            if keypad.activeDigit != nil { probability = 0 }
        }
        let analysis = FrameAnalysis(time: time, speechProbability: probability, levelDB: FrameLevel.decibels(frame))
        let played = session.processFrame(analysis, agentFrame: agentFrame, actions: &actions)
        perform()
        history.keep(from: session.utterance.map { $0.start - session.configuration.preRollMilliseconds })
        return played
    }

    /// A keypad digit from the transport.
    public func receiveDTMF(_ digit: Character) {
        session.handle(.dtmf(digit), actions: &actions)
        perform()
    }

    /// The far end hung up.
    public func remoteHangup() {
        session.handle(.remoteHangup, actions: &actions)
        perform()
    }

    /// Cancels all provider work (after the call ended).
    public func shutdown() {
        for task in brainTasks.values { task.cancel() }
        for task in speechTasks.values.joined() { task.cancel() }
        for task in recognitionTasks { task.cancel() }
        brainTasks.removeAll()
        speechTasks.removeAll()
        recognitionTasks.removeAll()
    }

    func deliverInbox() {
        inbox.drain(into: &events)
        guard !events.isEmpty else { return }
        for event in events { session.handle(event, actions: &actions) }
        events.removeAll(keepingCapacity: true)
        perform()
    }
}
