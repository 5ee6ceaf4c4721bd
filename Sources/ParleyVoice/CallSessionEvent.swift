/// Something that happened outside the frame path, fed to `CallSession.handle`.
public enum CallSessionEvent: Sendable, Equatable {
    /// A transcript for request `id` (see `CallSessionAction.transcribe`).
    case transcribed(id: Int, text: String)
    case transcriptionFailed(id: Int, error: ProviderError)
    /// End-of-turn probability for request `id`.
    case turnPredicted(id: Int, probability: Double)
    /// Output of the brain for reply `reply`.
    case brain(reply: Int, BrainOutput)
    /// The brain finished reply `reply`.
    case brainFinished(reply: Int)
    case brainFailed(reply: Int, error: ProviderError)
    /// Synthesised audio (already at the call's sample rate) for a sentence.
    case synthesized(reply: Int, sentence: Int, samples: [Int16])
    case synthesisFinished(reply: Int, sentence: Int)
    case synthesisFailed(reply: Int, sentence: Int, error: ProviderError)
    /// A keypad digit (`0-9`, `*`, `#`, `A-D`).
    case dtmf(Character)
    /// The far end hung up.
    case remoteHangup
}
