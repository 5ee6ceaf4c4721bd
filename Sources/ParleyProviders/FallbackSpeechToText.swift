import ParleyVoice

/// Tries speech-to-text providers in order: when one fails (unreachable, error answer, rate
/// limited, timed out, unreadable answer, overloaded), the next one transcribes the same
/// audio. Cancellation is never a reason to fall back.
public struct FallbackSpeechToText: SpeechToText {
    public let name: String
    public let preferredSampleRates: [Int]
    private let chain: [any SpeechToText]

    public init(_ chain: [any SpeechToText]) {
        self.chain = chain
        name = chain.map(\.name).joined(separator: " > ")
        preferredSampleRates = chain.first?.preferredSampleRates ?? [16_000]
    }

    public func transcribe(_ audio: AudioBuffer, context: String) async throws -> Transcription {
        var lastError: ProviderError?
        for provider in chain {
            let input = provider.preferredSampleRates.first.map { audio.resampled(to: $0) } ?? audio
            do {
                return try await provider.transcribe(input, context: context)
            } catch {
                let failure = ProviderError.wrapping(error, provider: provider.name)
                if failure.code == .cancelled || Task.isCancelled { throw failure }
                lastError = failure
            }
        }
        throw lastError ?? ProviderError(.unavailable, provider: "stt", "no speech-to-text provider")
    }
}
