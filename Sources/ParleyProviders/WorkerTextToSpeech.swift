import ParleyVoice

/// Piper (joe-medium) in the speech worker, one sentence per request.
public struct WorkerTextToSpeech: TextToSpeech {
    public let name = "parley-speech/piper-joe-medium"
    private let pool: SpeechWorkerPool
    private let lengthScale: Double?

    /// - Parameter lengthScale: speaking rate (above 1 is slower); nil keeps the voice's default.
    public init(pool: SpeechWorkerPool, lengthScale: Double? = nil) {
        self.pool = pool
        self.lengthScale = lengthScale
    }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let pool = self.pool
        let lengthScale = self.lengthScale
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    continuation.yield(try await pool.synthesize(text, lengthScale: lengthScale))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
