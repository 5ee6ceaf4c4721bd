/// Turn-taking settings of one call session. Defaults suit telephone audio.
public struct CallSessionConfiguration: Sendable, Equatable {
    /// Call audio sample rate (8,000 for G.711 phone calls, 16,000 for the browser).
    public var sampleRate: Int = 8_000
    /// Frame length in milliseconds (the session is driven once per frame).
    public var frameMilliseconds: Int64 = 20

    /// A frame is speech when the VAD probability is at least this.
    public var speechThreshold: Float = 0.5
    /// Speech needed while listening before the caller counts as speaking.
    public var onsetMilliseconds: Int64 = 60
    /// Audio kept from before the detected onset (word beginnings are quiet).
    public var preRollMilliseconds: Int64 = 300

    /// Silence after which the session asks for a transcript (a candidate end of turn).
    public var candidatePauseMilliseconds: Int64 = 200
    /// Silence that ends the turn when the words look complete.
    public var minimumEndpointMilliseconds: Int64 = 300
    /// Silence that ends the turn whatever the words look like.
    public var maximumEndpointMilliseconds: Int64 = 1_200
    /// Below this turn-predictor probability, complete-looking words still wait
    /// for the long silence (the caller sounds mid-sentence). Off by default:
    /// measured here, smart-turn scored finished synthetic sentences as low as 0.046.
    public var turnIncompleteProbability: Double = 0

    /// Whether the caller can interrupt the agent.
    public var interruptionsEnabled: Bool = true
    /// Caller speech over agent audio before agent audio pauses (stage one).
    public var bargeInMinimumSpeechMilliseconds: Int64 = 120
    /// Continuous caller speech after which a barge-in commits without waiting for words.
    public var bargeInCommitAfterMilliseconds: Int64 = 1_500
    /// Caller speech after the onset at which the words so far are transcribed, without
    /// waiting for a pause, so real words commit the barge-in early (0: wait for a pause).
    public var bargeInTranscribeAfterMilliseconds: Int64 = 300
    /// Words that do not interrupt ("yeah", "uh-huh"): the agent resumes.
    public var backchannelWords: [String] = InterruptionSettings.defaultBackchannelWords
    /// While agent audio plays, caller frames quieter than the loudest recent
    /// agent frame minus this margin are treated as echo.
    public var echoMarginDB: Float = 12
    /// How far back agent frames count for the echo check (echo delay + spread).
    public var echoWindowMilliseconds: Int64 = 400

    /// Deadline for a transcript, a brain's first output or first TTS audio
    /// before the session speaks a fallback line.
    public var providerDeadlineMilliseconds: Int64 = 2_000
    /// Said when a provider fails or is late ("Sorry, could you say that again?").
    public var fallbackLine: String = "Sorry, I didn't catch that. Could you say it again?"

    /// Silence (while listening) before the brain is told `noInput`.
    public var silenceRepromptMilliseconds: Int64 = 8_000
    /// `noInput` turns before hanging up.
    public var maximumReprompts: Int = 2
    /// Said before hanging up on a silent caller.
    public var silenceHangupLine: String = "I haven't heard anything, so I'll end the call now. Goodbye."

    /// Hard limit on the call's length.
    public var maximumDurationMilliseconds: Int64 = 30 * 60 * 1_000
    /// Said when the maximum duration is reached.
    public var maximumDurationLine: String = "We've reached the time limit for this call. Goodbye."
    /// Phrases that end the call once the agent has said them.
    public var endCallPhrases: [String] = []

    /// Pause after the last DTMF digit before the digits go to the brain.
    public var dtmfInterDigitMilliseconds: Int64 = 1_500

    /// Who placed the call.
    public var direction: CallDirection = .inbound
    /// Spoken before the brain's first message (outbound AI disclosure, recording notice).
    public var openingNotices: [String] = []
    /// Transfer target names and their destinations: a brain's transfer to a name goes to
    /// its destination; any other target is used as it is.
    public var transferDestinations: [String: String] = [:]

    public init() {}

    /// Samples in one frame at `sampleRate`.
    public var frameSamples: Int { sampleRate * Int(frameMilliseconds) / 1000 }
}
