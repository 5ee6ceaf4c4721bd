/// What the call session needs to know about one 20 ms caller frame.
///
/// The engine computes it (VAD probability, level) before the session sees the
/// frame, so the session itself stays a pure state machine over these numbers.
public struct FrameAnalysis: Sendable, Equatable {
    /// Media time at the start of the frame.
    public var time: MediaTime
    /// Probability (0…1) that the frame holds speech.
    public var speechProbability: Float
    /// Frame level in dBFS (RMS relative to full scale; silence is about −96).
    public var levelDB: Float

    public init(time: MediaTime, speechProbability: Float, levelDB: Float) {
        self.time = time
        self.speechProbability = speechProbability
        self.levelDB = levelDB
    }
}
