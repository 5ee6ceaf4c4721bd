import ParleyVoice

/// Tries text-to-speech providers in order: when one fails or gives no audio
/// within its deadline, the next one speaks the sentence.
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
                var lastError: (any Error)?
                for (position, provider) in chain.enumerated() {
                    let isLast = position == chain.count - 1
                    do {
                        let chunks = try await Self.collect(provider, text: text, rate: preferredSampleRate, deadline: isLast ? nil : deadline)
                        for chunk in chunks { continuation.yield(chunk) }
                        continuation.finish()
                        return
                    } catch {
                        if Task.isCancelled { break }
                        lastError = error
                    }
                }
                continuation.finish(throwing: lastError ?? ProviderError(.unavailable, provider: "tts", "no text-to-speech provider"))
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs one provider for one sentence, bounded by `deadline` when given.
    private static func collect(_ provider: any TextToSpeech, text: String, rate: Int, deadline: Duration?) async throws -> [AudioBuffer] {
        try await withThrowingTaskGroup(of: [AudioBuffer]?.self) { group in
            group.addTask {
                var chunks: [AudioBuffer] = []
                for try await chunk in provider.synthesize(text, preferredSampleRate: rate) { chunks.append(chunk) }
                guard !chunks.isEmpty else { throw ProviderError(.failed, provider: provider.name, "no audio") }
                return chunks
            }
            if let deadline {
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let chunks = first else {
                throw ProviderError(.timeout, provider: provider.name, "no audio within \(deadline.map { "\($0)" } ?? "")")
            }
            return chunks
        }
    }
}
