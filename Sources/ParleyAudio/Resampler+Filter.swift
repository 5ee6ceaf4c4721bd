#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Resampler {
    /// The polyphase filter for one rate pair: immutable, and cheap to share between resamplers
    /// (the coefficient array is copy-on-write, so every `Resampler` built from one `Filter` uses
    /// the same storage).
    ///
    /// Design: the rational resampler of J. O. Smith's "Digital Audio Resampling Home Page"
    /// (bandlimited interpolation, ccrma.stanford.edu/~jos/resample/) restricted to rational ratios,
    /// i.e. a polyphase FIR: upsample by L, low-pass, downsample by M (Crochiere & Rabiner,
    /// "Multirate Digital Signal Processing", 1983). The prototype low-pass is a windowed sinc with
    /// a Kaiser window; length and β come from Kaiser's formulas (J. F. Kaiser, "Nonrecursive
    /// digital filter design using the I₀-sinh window function", ISCAS 1974; as given in Oppenheim
    /// & Schafer, "Discrete-Time Signal Processing", §7.5.3): N = (A − 7.95) / (2.285 Δω) + 1 and
    /// β = 0.1102 (A − 8.7) for A > 50 dB.
    ///
    /// Specification, relative to the lower of the two rates `F`: passband 0…0.45 F (0.9 × its
    /// Nyquist), stop band from 0.5 F, so nothing aliases into the output and no image of the
    /// input band survives; A = 64 dB, which gives ≈ 0.01 dB passband ripple and a linear-phase
    /// delay of 4.9 ms when `F` is 8 kHz (half that at 16 kHz).
    public struct Filter: Sendable {
        /// Input samples per second.
        public let inputRate: Int
        /// Output samples per second.
        public let outputRate: Int
        /// Interpolation factor L (output rate / gcd).
        public let upFactor: Int
        /// Decimation factor M (input rate / gcd).
        public let downFactor: Int
        /// Prototype taps per polyphase branch, rounded up to a multiple of 16 for the dot product.
        public let tapsPerPhase: Int
        /// The filter's (constant) group delay in output samples.
        public let delay: Double
        /// `upFactor` branches of `tapsPerPhase` taps, each time-reversed (oldest input first).
        let coefficients: [Float]
        /// Input samples before the newest that an output depends on, plus one.
        let span: Int

        /// Designed stop-band attenuation in dB (Kaiser's A).
        static let attenuation = 64.0
        /// Passband edge as a fraction of the lower rate (0.9 × its Nyquist frequency).
        static let passbandEdge = 0.45
        /// Stop-band edge as a fraction of the lower rate (its Nyquist frequency).
        static let stopbandEdge = 0.5

        init(inputRate: Int, outputRate: Int) {
            self.inputRate = inputRate
            self.outputRate = outputRate
            let divisor = Self.greatestCommonDivisor(inputRate, outputRate)
            let up = outputRate / divisor
            let down = inputRate / divisor
            upFactor = up
            downFactor = down
            if up == down {
                // Same rate: a single unit tap, no delay.
                tapsPerPhase = 16
                span = 1
                delay = 0
                coefficients = [Float](repeating: 0, count: 15) + [1]
                return
            }
            let lowerRate = Double(min(inputRate, outputRate))
            let intermediateRate = Double(up) * Double(inputRate)
            let transition = 2 * Double.pi * (Self.stopbandEdge - Self.passbandEdge) * lowerRate / intermediateRate
            let requiredLength = Int(((Self.attenuation - 7.95) / (2.285 * transition)).rounded(.up)) + 1
            let taps = (requiredLength + up - 1) / up
            let length = taps * up
            let padded = (taps + 15) / 16 * 16
            tapsPerPhase = padded
            span = taps
            let center = Double(length - 1) / 2
            delay = center / Double(down)

            let beta = 0.1102 * (Self.attenuation - 8.7)
            let cutoff = (Self.passbandEdge + Self.stopbandEdge) / 2 * lowerRate / intermediateRate  // cycles per sample
            let windowNormalizer = Self.besselI0(beta)
            var prototype = [Double](repeating: 0, count: length)
            for index in 0..<length {
                let offset = Double(index) - center
                let ratio = offset / center
                let window = Self.besselI0(beta * (1 - ratio * ratio).squareRoot()) / windowNormalizer
                let argument = 2 * cutoff * offset
                let sinc = argument == 0 ? 1 : sin(Double.pi * argument) / (Double.pi * argument)
                prototype[index] = 2 * cutoff * sinc * window
            }
            // Normalise each branch to unit DC gain: every output phase then passes DC exactly,
            // instead of L branches each a little off (which would modulate a DC offset).
            var coefficients = [Float](repeating: 0, count: up * padded)
            for phase in 0..<up {
                var sum = 0.0
                for tap in 0..<taps { sum += prototype[tap * up + phase] }
                for tap in 0..<taps {
                    coefficients[phase * padded + padded - 1 - tap] = Float(prototype[tap * up + phase] / sum)
                }
            }
            self.coefficients = coefficients
        }

        /// Modified Bessel function of the first kind, order 0, by its power series.
        static func besselI0(_ x: Double) -> Double {
            var sum = 1.0
            var term = 1.0
            let quarterSquare = x * x / 4
            var k = 1.0
            while term > sum * 1e-17 {
                term *= quarterSquare / (k * k)
                sum += term
                k += 1
            }
            return sum
        }

        static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
            var (a, b) = (a, b)
            while b != 0 { (a, b) = (b, a % b) }
            return a
        }
    }
}
