import ParleyVoice

/// The smart-turn model in the speech worker, asked at candidate pauses.
public struct WorkerTurnPredictor: TurnPredictor {
    public let name = "parley-speech/smart-turn-v3.2"
    private let pool: SpeechWorkerPool

    public init(pool: SpeechWorkerPool) {
        self.pool = pool
    }

    public func endOfTurnProbability(_ audio: AudioBuffer) async throws -> Double {
        try await pool.predictTurn(audio.resampled(to: 16_000))
    }
}
