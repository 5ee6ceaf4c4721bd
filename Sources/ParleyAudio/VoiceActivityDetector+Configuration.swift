extension VoiceActivityDetector {
    /// Framing, decision and noise-tracking parameters. `docs/audio.md` explains each.
    public struct Configuration: Sendable, Hashable {
        /// Frame duration in milliseconds: 10 or 20.
        public var frameMilliseconds: Int = 20
        /// Probability at or above which a frame counts towards speech starting.
        public var onsetThreshold: Float = 0.5
        /// Probability below which a frame counts towards speech ending.
        public var offsetThreshold: Float = 0.3
        /// Speech must stay likely this long before a start is confirmed (rounded up to frames).
        public var minimumSpeechMilliseconds: Int = 60
        /// Speech must stay unlikely this long before an end is confirmed (rounded up to frames).
        public var hangoverMilliseconds: Int = 200
        /// Span of the noise-floor minimum search; the floor follows rising noise within this time.
        public var noiseWindowMilliseconds: Int = 1500
        /// Quietest noise level assumed, in dB relative to a full-scale sine, per band: quieter
        /// input (digital silence, μ-law idle codes) is not mistaken for a high signal-to-noise ratio.
        public var minimumNoiseLevel: Double = -70

        /// The defaults.
        public init() {}

        func validated() -> String? {
            if frameMilliseconds != 10 && frameMilliseconds != 20 { return "frameMilliseconds must be 10 or 20" }
            if !(offsetThreshold > 0 && offsetThreshold <= onsetThreshold && onsetThreshold <= 1) {
                return "thresholds must satisfy 0 < offsetThreshold ≤ onsetThreshold ≤ 1"
            }
            if !(0...2000).contains(minimumSpeechMilliseconds) { return "minimumSpeechMilliseconds must be 0…2000" }
            if !(0...5000).contains(hangoverMilliseconds) { return "hangoverMilliseconds must be 0…5000" }
            if !(300...10000).contains(noiseWindowMilliseconds) { return "noiseWindowMilliseconds must be 300…10000" }
            if !(minimumNoiseLevel.isFinite && (-120 ... -20).contains(minimumNoiseLevel)) { return "minimumNoiseLevel must be −120…−20 dB" }
            return nil
        }
    }
}
