/// What a `VoiceActivityDetector` concluded about one frame.
public struct VoiceActivity: Sendable, Hashable {
    /// The raw per-frame speech probability, 0…1 (no smoothing across frames).
    public var probability: Float
    /// The debounced decision for this frame: true from a confirmed start through the hangover after speech.
    public var isSpeech: Bool
    /// The start or end confirmed by this frame, if any.
    public var event: VoiceActivityEvent?

    /// A result with these values.
    public init(probability: Float, isSpeech: Bool, event: VoiceActivityEvent?) {
        self.probability = probability
        self.isSpeech = isSpeech
        self.event = event
    }
}
