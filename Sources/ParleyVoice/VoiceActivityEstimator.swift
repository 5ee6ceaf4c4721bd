import ParleyCore
import ParleyAudio

/// The engine's VAD: ParleyAudio's sub-band detector, frame by frame.
public struct VoiceActivityEstimator: SpeechProbabilityEstimator {
    private var detector: VoiceActivityDetector

    /// A detector for 20 ms frames at `sampleRate` (8,000 or 16,000).
    public init(sampleRate: Int) throws(ParleyError) {
        detector = try VoiceActivityDetector(sampleRate: sampleRate)
    }

    public mutating func speechProbability(_ frame: UnsafeBufferPointer<Int16>) -> Float {
        detector.process(frame: frame).probability
    }
}

