/// Predicts from the audio whether the caller has finished their turn.
public protocol TurnPredictor: Sendable {
    var name: String { get }
    /// Probability (0…1) that the caller finished speaking at the end of `audio`.
    func endOfTurnProbability(_ audio: AudioBuffer) async throws -> Double
}
