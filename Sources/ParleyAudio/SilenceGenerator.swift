#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ParleyCore

/// Fills frames with digital silence or low-level, pink-ish comfort noise.
///
/// The noise is deterministic for a given seed (SplitMix64, Steele, Lea & Flood, "Fast Splittable
/// Pseudorandom Number Generators", OOPSLA 2014) shaped by Paul Kellet's three-pole "economy"
/// pinking filter (published on the music-dsp mailing list), which approximates −3 dB/octave.
/// `fill(_:)` does not allocate.
public struct SilenceGenerator: Sendable {
    /// What to produce.
    public enum Kind: Sendable, Hashable {
        /// All-zero samples.
        case silence
        /// Pink-ish noise at an RMS `level` in dB relative to a full-scale sine, −100…−20.
        case comfortNoise(level: Double)
    }

    /// What this generator produces.
    public let kind: Kind

    private static let poles = (0.99765, 0.96300, 0.57000)
    private static let gains = (0.0990460, 0.2965164, 1.0526913)
    private static let direct = 0.1848

    private var randomState: UInt64
    private var filter = (0.0, 0.0, 0.0)
    private let scale: Double

    /// A generator of `kind`; `seed` fixes the noise sequence.
    public init(_ kind: Kind = .silence, seed: UInt64 = 0) throws(ParleyError) {
        self.kind = kind
        randomState = seed
        switch kind {
        case .silence:
            scale = 0
        case .comfortNoise(let level):
            guard level.isFinite, (-100.0 ... -20.0).contains(level) else {
                throw ParleyError.validation("comfort noise level must be between −100 and −20 dB (got \(level))", field: "level")
            }
            let targetRMS = 32767 / 2.0.squareRoot() * pow(10, level / 20)
            // Uniform noise on [−1, 1) has variance 1/3; scale to the target through the filter's gain.
            scale = targetRMS / (Self.filterVarianceForUnitWhiteNoise() / 3).squareRoot()
            var settle = [Int16](repeating: 0, count: 4096)  // let the slowest pole settle
            settle.withUnsafeMutableBufferPointer { fill($0) }
        }
    }

    /// Fills `frame` with silence or the next stretch of noise.
    public mutating func fill(_ frame: UnsafeMutableBufferPointer<Int16>) {
        guard case .comfortNoise = kind else {
            frame.update(repeating: 0)
            return
        }
        // Work on locals: writes through `frame` could otherwise alias the generator's state.
        var state = randomState
        var (b0, b1, b2) = filter
        let (p0, p1, p2) = Self.poles
        let (g0, g1, g2) = Self.gains
        let (direct, scale) = (Self.direct, scale)
        for index in frame.indices {
            let white = Self.uniform(&state)
            b0 = p0 * b0 + g0 * white
            b1 = p1 * b1 + g1 * white
            b2 = p2 * b2 + g2 * white
            let value = (b0 + b1 + b2 + direct * white) * scale
            // Offset into positive range, clamp and truncate: branch-free round-half-up. (`rounded()`
            // is a libm call on baseline x86-64, and a sign test mispredicts half the time on noise.)
            let offset = max(0, min(65535, value + 32768.5))
            frame[index] = Int16(Int32(offset) - 32768)
        }
        randomState = state
        filter = (b0, b1, b2)
    }

    /// Uniform on [−1, 1) from SplitMix64.
    private static func uniform(_ state: inout UInt64) -> Double {
        var generator = SplitMix64(seed: state)
        let value = generator.nextSignedUnit()
        state = generator.state
        return value
    }

    /// Output variance of the pinking filter for unit-variance white input: each branch is
    /// g·pⁿ, so the sum of their cross-correlations is Σᵢⱼ gᵢgⱼ/(1 − pᵢpⱼ) + 2dΣgᵢ + d².
    private static func filterVarianceForUnitWhiteNoise() -> Double {
        let poles = [Self.poles.0, Self.poles.1, Self.poles.2]
        let gains = [Self.gains.0, Self.gains.1, Self.gains.2]
        var variance = direct * direct
        for i in 0..<3 {
            variance += 2 * direct * gains[i]
            for j in 0..<3 { variance += gains[i] * gains[j] / (1 - poles[i] * poles[j]) }
        }
        return variance
    }
}
