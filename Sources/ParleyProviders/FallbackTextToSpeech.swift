import ParleyVoice

/// Tries text-to-speech providers in order: when one fails or gives no audio within its
/// deadline, the next one speaks the sentence. Audio streams through as it comes; once a
/// provider has started speaking a sentence it is not switched (the caller would hear the
/// start twice), so a failure after that ends the sentence with the error.
public struct FallbackTextToSpeech: TextToSpeech {
    public let name: String
    private let chain: [any TextToSpeech]
    private let firstAudioDeadline: Duration

    public init(_ chain: [any TextToSpeech], firstAudioDeadline: Duration = .milliseconds(1_500)) {
        self.chain = chain
        self.firstAudioDeadline = firstAudioDeadline
        name = chain.map(\.name).joined(separator: " > ")
    }

    public func synthesize(_ text: String, preferredSampleRate: Int) -> AsyncThrowingStream<AudioBuffer, any Error> {
        let chain = self.chain
        let deadline = firstAudioDeadline
        return AsyncThrowingStream { continuation in
            let task = Task {
                var lastError: ProviderError?
                for (position, provider) in chain.enumerated() {
                    let isLast = position == chain.count - 1
                    let outcome = await FirstOutputRace.run(
                        provider: provider.name, deadline: isLast ? nil : deadline,
                        { Self.audible(provider.synthesize(text, preferredSampleRate: preferredSampleRate)) },
                        forward: { continuation.yield($0) })
                    switch outcome {
                    case .finished(let forwarded) where forwarded > 0:
                        continuation.finish()
                        return
                    case .finished:
                        lastError = ProviderError(.failed, provider: provider.name, "no audio")
                    case .failedAfterOutput(let error):
                        continuation.finish(throwing: error)
                        return
                    case .failedBeforeOutput(let error):
                        if error.code == .cancelled || Task.isCancelled {
                            continuation.finish(throwing: error)
                            return
                        }
                        lastError = error
                    }
                }
                continuation.finish(throwing: lastError ?? ProviderError(.unavailable, provider: "tts", "no text-to-speech provider"))
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The provider's chunks without empty ones (an empty chunk is not the first audio).
    private static func audible(_ stream: AsyncThrowingStream<AudioBuffer, any Error>) -> AsyncThrowingStream<AudioBuffer, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await chunk in stream where !chunk.samples.isEmpty { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
