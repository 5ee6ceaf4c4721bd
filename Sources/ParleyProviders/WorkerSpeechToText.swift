import ParleyVoice

/// Whisper in the speech worker.
public struct WorkerSpeechToText: SpeechToText {
    public let name: String
    public let preferredSampleRates = [16_000]
    private let pool: SpeechWorkerPool
    private let language: String
    /// Whisper invents words ("Thank you.") for noise; results this unlikely to
    /// be speech are dropped.
    private let noSpeechThreshold: Double

    public init(pool: SpeechWorkerPool, model: String = "tiny.en", language: String = "en", noSpeechThreshold: Double = 0.6) {
        self.pool = pool
        self.language = language
        self.noSpeechThreshold = noSpeechThreshold
        name = "parley-speech/whisper-\(model)"
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        let input = audio.resampled(to: 16_000)
        guard !input.samples.isEmpty else { return Transcription(text: "") }
        let reply = try await pool.transcribe(input, language: language, prompt: String(context.suffix(1_000)))
        let text = (reply.text ?? "").trimmingWhitespace()
        // Measured: real speech stays below 0.3, invented words for noise score 0.87–0.99.
        if let noSpeech = reply.noSpeechProb, noSpeech > noSpeechThreshold {
            return Transcription(text: "")
        }
        return Transcription(text: text)
    }
}
