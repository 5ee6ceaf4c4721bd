#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ParleyCore

/// Renders ITU-T Q.23 dual tones as PCM16.
///
/// `render(_:into:startingAt:)` fills a caller-owned buffer without allocating, continuing the
/// tone's phase from a sample offset so consecutive frames join seamlessly.
public struct DTMFGenerator: Sendable {
    /// Samples per second, 8000…48000.
    public let sampleRate: Int
    /// Level of the low-group tone in dB relative to a full-scale sine.
    public let level: Double
    /// High-group level minus low-group level, in dB (positive: the high tone is louder).
    public let twist: Double
    /// Length of each tone in `samples(for:)`.
    public let toneDuration: Duration
    /// Silence after each tone in `samples(for:)`.
    public let gapDuration: Duration

    private let lowAmplitude: Double
    private let highAmplitude: Double

    /// A generator; throws if the parameters are out of range or the two tones would clip.
    public init(
        sampleRate: Int = 8000,
        level: Double = -10,
        twist: Double = 0,
        toneDuration: Duration = .milliseconds(100),
        gapDuration: Duration = .milliseconds(100)
    ) throws(ParleyError) {
        guard (8000...48000).contains(sampleRate) else {
            throw ParleyError.validation("DTMF generation supports 8000…48000 Hz, not \(sampleRate)", field: "sampleRate")
        }
        guard level.isFinite, twist.isFinite, abs(twist) <= 20 else {
            throw ParleyError.validation("level must be finite and twist within ±20 dB", field: "level")
        }
        let longest = Duration.seconds(10)
        guard toneDuration >= .zero, toneDuration <= longest, gapDuration >= .zero, gapDuration <= longest else {
            throw ParleyError.validation("tone and gap durations must be between 0 and 10 s", field: "toneDuration")
        }
        let low = 32767 * pow(10, level / 20)
        let high = low * pow(10, twist / 20)
        guard low + high <= 32767 else {
            throw ParleyError.validation("a \(level) dB tone with \(twist) dB twist would clip", field: "level")
        }
        self.sampleRate = sampleRate
        self.level = level
        self.twist = twist
        self.toneDuration = toneDuration
        self.gapDuration = gapDuration
        lowAmplitude = low
        highAmplitude = high
    }

    /// Samples in one tone.
    public var toneSampleCount: Int { sampleCount(toneDuration) }
    /// Samples in one gap.
    public var gapSampleCount: Int { sampleCount(gapDuration) }

    /// Fills `buffer` with `digit`'s tone, starting `offset` samples into the tone.
    public func render(_ digit: DTMFDigit, into buffer: UnsafeMutableBufferPointer<Int16>, startingAt offset: Int = 0) {
        let rate = Double(sampleRate)
        for index in buffer.indices {
            let time = Double(offset &+ index)
            // Reduce f·n modulo the sample rate first so the phase stays exact for long tones.
            let lowPhase = 2 * Double.pi * (digit.lowFrequency * time).truncatingRemainder(dividingBy: rate) / rate
            let highPhase = 2 * Double.pi * (digit.highFrequency * time).truncatingRemainder(dividingBy: rate) / rate
            let value = lowAmplitude * sin(lowPhase) + highAmplitude * sin(highPhase)
            buffer[index] = Int16(max(-32768, min(32767, value.rounded())))
        }
    }

    /// Tone-then-gap audio for each digit in turn. Allocates: for prompts and tests, not per frame.
    public func samples(for digits: some Sequence<DTMFDigit>) -> [Int16] {
        let tone = toneSampleCount
        var output: [Int16] = []
        for digit in digits {
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: tone + gapSampleCount))
            output.withUnsafeMutableBufferPointer { buffer in
                render(digit, into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + tone)]))
            }
        }
        return output
    }

    private func sampleCount(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int((Double(seconds) + Double(attoseconds) * 1e-18) * Double(sampleRate) + 0.5)
    }
}
