import Foundation
import ParleyVoice

/// Speaks a tone of realistic length at once (60 ms per character, about the pace of
/// a human voice), so agent turns last as long as real ones without a synthesiser.
public struct BenchmarkTextToSpeech: TextToSpeech {
    public static let millisecondsPerCharacter = 60
    /// 30 s of a 220 Hz tone at 8 kHz, sliced per sentence (made once, shared by every call).
    private let tone: [Int16]

    public init() {
        tone = (0..<(30 * 8_000)).map { Int16(5_000 * sin(2 * Double.pi * 220 * Double($0) / 8_000)) }
    }

    public var name: String { "bench/tone" }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let count = min(text.count * Self.millisecondsPerCharacter * 8, tone.count)
        let samples = Array(tone[0..<count])
        return AsyncThrowingStream { continuation in
            continuation.yield(AudioBuffer(sampleRate: 8_000, samples: samples))
            continuation.finish()
        }
    }
}
