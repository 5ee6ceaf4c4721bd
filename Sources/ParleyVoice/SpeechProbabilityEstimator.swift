/// Gives each caller frame a speech probability (a VAD).
public protocol SpeechProbabilityEstimator {
    /// Probability (0…1) that `frame` (one frame at the call's sample rate) holds speech.
    mutating func speechProbability(_ frame: UnsafeBufferPointer<Int16>) -> Float
}
