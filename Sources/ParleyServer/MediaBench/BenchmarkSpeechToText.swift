import ParleyVoice

/// Recognises every caller utterance as the same text at once (no model): the media
/// benchmark measures the platform, not a recogniser.
public struct BenchmarkSpeechToText: SpeechToText {
    public var text: String
    public var name: String { "bench/fixed" }
    public var preferredSampleRates: [Int] { [8_000] }

    public init(text: String) {
        self.text = text
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        Transcription(text: text)
    }
}
