import ParleyVoice
import Synchronization

/// One call's conversation across a `FallbackBrain`'s chain.
final class FallbackBrainConversation: BrainConversation {
    typealias Entry = (name: String, conversation: any BrainConversation)

    private let entries: [Entry]
    private let firstOutputDeadline: Duration
    /// Which conversation gave the last reply (the one to tell about an interruption).
    private let lastReplier = Mutex<Int?>(nil)

    init(_ entries: [Entry], firstOutputDeadline: Duration) {
        self.entries = entries
        self.firstOutputDeadline = firstOutputDeadline
    }

    func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var lastError: ProviderError?
                for (index, entry) in self.entries.enumerated() {
                    let isLast = index == self.entries.count - 1
                    let conversation = entry.conversation
                    let outcome = await FirstOutputRace.run(
                        provider: entry.name, deadline: isLast ? nil : self.firstOutputDeadline,
                        { conversation.respond(to: input) }, forward: { continuation.yield($0) })
                    switch outcome {
                    case .finished:
                        self.lastReplier.withLock { $0 = index }
                        continuation.finish()
                        return
                    case .failedAfterOutput(let error):
                        self.lastReplier.withLock { $0 = index }
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
                continuation.finish(throwing: lastError ?? ProviderError(.unavailable, provider: "llm", "no brain"))
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func replyWasInterrupted(playedText: String) {
        guard let index = lastReplier.withLock({ $0 }) else { return }
        entries[index].conversation.replyWasInterrupted(playedText: playedText)
    }
}
