extension DTMFDetector {
    /// Acceptance limits. The defaults meet ITU-T Q.24 with a small margin for measurement error.
    public struct Configuration: Sendable, Hashable {
        /// Weakest accepted tone, per tone, in dB relative to a full-scale sine.
        public var minimumToneLevel: Double = -35
        /// How many dB the high-group tone may be louder than the low-group one (Q.24 normal twist: 8).
        public var maximumNormalTwist: Double = 8.5
        /// How many dB the low-group tone may be louder than the high-group one (Q.24 reverse twist: 4).
        public var maximumReverseTwist: Double = 4.5
        /// Largest accepted deviation from the nominal frequencies, as a fraction. Q.24 requires
        /// accepting 1.5 % and rejecting 3.5 %; the default splits the difference.
        public var frequencyTolerance: Double = 0.025
        /// Share of the signal energy the two tones must carry (talk-off guard against speech).
        public var minimumToneShare: Double = 0.9
        /// How many dB the tones' second harmonics must lie below the tones (talk-off guard).
        public var secondHarmonicRejection: Double = 10

        /// The defaults.
        public init() {}

        func validated() -> String? {
            if !(minimumToneLevel.isFinite && minimumToneLevel <= 0) { return "minimumToneLevel must be at most 0 dB" }
            if !(maximumNormalTwist.isFinite && maximumNormalTwist >= 0) { return "maximumNormalTwist must be at least 0 dB" }
            if !(maximumReverseTwist.isFinite && maximumReverseTwist >= 0) { return "maximumReverseTwist must be at least 0 dB" }
            if !(frequencyTolerance > 0 && frequencyTolerance <= 0.05) { return "frequencyTolerance must be in (0, 0.05]" }
            if !(minimumToneShare >= 0 && minimumToneShare <= 1) { return "minimumToneShare must be in [0, 1]" }
            if !(secondHarmonicRejection.isFinite && secondHarmonicRejection >= 0) {
                return "secondHarmonicRejection must be at least 0 dB"
            }
            return nil
        }
    }
}
