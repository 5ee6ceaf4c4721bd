#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The second, precise stage of `DTMFDetector`: checks a candidate digit against the last 30 ms
/// of audio. It runs only when the cheap per-block stage has seen the digit for long enough.
///
/// Two Hann-windowed 25 ms DFTs 5 ms apart give each tone's frequency (from the phase advance
/// between them, unambiguous within ±100 Hz) and its level (corrected for the window's response
/// at that offset); the Hann sidelobes keep the other tone out of the estimate. Then:
/// energy present in every 5 ms block (so the tone spans the whole 30 ms: this, not stage one,
/// is what rejects tones under 23 ms), frequency within tolerance, level and twist within
/// limits, the two tones carrying most of the energy, and weak second harmonics (voiced speech
/// is harmonic-rich; DTMF is not).
struct DTMFToneVerifier: Sendable {
    let sampleRate: Int
    /// Hop between the two analysis windows, in samples (5 ms).
    let lag: Int
    /// Hann window, 25 ms.
    private let window: [Double]
    private let windowEnergy: Double
    private let configuration: DTMFDetector.Configuration

    /// Samples the verifier looks at: the window plus the lag (30 ms).
    var historyLength: Int { window.count + lag }

    init(sampleRate: Int, configuration: DTMFDetector.Configuration) {
        self.sampleRate = sampleRate
        self.configuration = configuration
        lag = sampleRate / 200
        let length = 5 * lag
        window = (0..<length).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(length)) }
        windowEnergy = window.reduce(0) { $0 + $1 * $1 }
    }

    /// Whether the last `historyLength` samples in `ring` (oldest at `head`) hold `digit`'s tones.
    func verify(_ digit: DTMFDigit, ring: UnsafeBufferPointer<Int16>, head: Int) -> Bool {
        guard
            fillsEveryBlock(ring: ring, head: head),
            let low = measureTone(digit.lowFrequency, ring: ring, head: head),
            let high = measureTone(digit.highFrequency, ring: ring, head: head)
        else { return false }

        let fullScale = 32767.0
        let minimumAmplitude = fullScale * pow(10, configuration.minimumToneLevel / 20)
        guard low.amplitude >= minimumAmplitude, high.amplitude >= minimumAmplitude else { return false }
        let twist = 20 * log10(high.amplitude / low.amplitude)
        guard twist <= configuration.maximumNormalTwist, -twist <= configuration.maximumReverseTwist else { return false }

        let tonePower = (low.amplitude * low.amplitude + high.amplitude * high.amplitude) / 2
        guard tonePower * windowEnergy >= configuration.minimumToneShare * low.windowedEnergy else { return false }

        let lowHarmonic = harmonicAmplitude(2 * low.frequency, ring: ring, head: head)
        let highHarmonic = harmonicAmplitude(2 * high.frequency, ring: ring, head: head)
        let harmonicPower = (lowHarmonic * lowHarmonic + highHarmonic * highHarmonic) / 2
        return harmonicPower <= tonePower * pow(10, -configuration.secondHarmonicRejection / 10)
    }

    private struct Tone {
        var frequency: Double
        var amplitude: Double
        /// Energy of the windowed signal in the first window (all frequencies).
        var windowedEnergy: Double
    }

    private func measureTone(_ nominal: Double, ring: UnsafeBufferPointer<Int16>, head: Int) -> Tone? {
        let omega = 2 * Double.pi * nominal / Double(sampleRate)
        let coefficient = 2 * cos(omega)
        var first = (s1: 0.0, s2: 0.0)
        var second = (s1: 0.0, s2: 0.0)
        var windowedEnergy = 0.0
        for index in window.indices {
            let x1 = window[index] * sample(index, ring: ring, head: head)
            let x2 = window[index] * sample(index + lag, ring: ring, head: head)
            windowedEnergy += x1 * x1
            first = (x1 + coefficient * first.s1 - first.s2, first.s1)
            second = (x2 + coefficient * second.s1 - second.s2, second.s1)
        }
        let y1 = Self.finish(first, omega: omega)
        let y2 = Self.finish(second, omega: omega)
        // Both outputs carry the same e^(iω(N−1)) factor, which cancels in y2·conj(y1).
        let advance = y2 * y1.conjugate * Complex(phase: -omega * Double(lag))
        let offset = advance.phase / (2 * Double.pi * Double(lag) / Double(sampleRate))
        guard abs(offset) <= configuration.frequencyTolerance * nominal else { return nil }

        // A tone of amplitude A at the window's centre frequency gives |y| = A·N/4.
        let measured = 4 * (y1.magnitude * y2.magnitude).squareRoot() / Double(window.count)
        let bins = offset * Double(window.count) / Double(sampleRate)
        return Tone(frequency: nominal + offset, amplitude: measured / Self.hannResponse(bins), windowedEnergy: windowedEnergy)
    }

    /// Whether each 5 ms block holds at least half the mean block energy. A tone of 22 ms leaves
    /// 8 ms of the 30 ms empty, so some block keeps at most a fifth of its energy.
    private func fillsEveryBlock(ring: UnsafeBufferPointer<Int16>, head: Int) -> Bool {
        let blocks = historyLength / lag
        var total = 0.0
        var weakest = Double.infinity
        for block in 0..<blocks {
            var energy = 0.0
            for index in (block * lag)..<((block + 1) * lag) {
                let value = sample(index, ring: ring, head: head)
                energy += value * value
            }
            total += energy
            weakest = min(weakest, energy)
        }
        return weakest >= 0.5 * total / Double(blocks)
    }

    /// Amplitude at `frequency` over the whole history, rectangular window.
    private func harmonicAmplitude(_ frequency: Double, ring: UnsafeBufferPointer<Int16>, head: Int) -> Double {
        let omega = 2 * Double.pi * frequency / Double(sampleRate)
        let coefficient = 2 * cos(omega)
        var state = (s1: 0.0, s2: 0.0)
        for index in 0..<historyLength {
            state = (sample(index, ring: ring, head: head) + coefficient * state.s1 - state.s2, state.s1)
        }
        return 2 * Self.finish(state, omega: omega).magnitude / Double(historyLength)
    }

    @inline(__always)
    private func sample(_ index: Int, ring: UnsafeBufferPointer<Int16>, head: Int) -> Double {
        let position = head + index
        return Double(ring[position < ring.count ? position : position - ring.count])
    }

    private static func finish(_ state: (s1: Double, s2: Double), omega: Double) -> Complex {
        Complex(real: state.s1, imaginary: 0) + Complex(phase: -omega) * Complex(real: -state.s2, imaginary: 0)
    }

    /// Magnitude response of a Hann window `bins` DFT bins off its centre, relative to the centre.
    private static func hannResponse(_ bins: Double) -> Double {
        let denominator = 1 - bins * bins
        guard abs(bins) > 1e-9 else { return 1 }
        guard abs(denominator) > 1e-6 else { return 0.5 }
        return abs(sin(Double.pi * bins) / (Double.pi * bins) / denominator)
    }
}
