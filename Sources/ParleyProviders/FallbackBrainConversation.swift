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
                    let attempt = await self.attempt(entry, input: input, deadline: isLast ? nil : self.firstOutputDeadline, continuation)
                    switch attempt {
                    case .answered:
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

    private enum Attempt: Sendable {
        case answered
        case failedBeforeOutput(ProviderError)
        case failedAfterOutput(ProviderError)
    }

    /// Decides, once, whether a reply's first output or its deadline came first.
    private final class FirstOutputGate: Sendable {
        private let state = Mutex<(started: Bool, expired: Bool)>((false, false))

        var started: Bool { state.withLock { $0.started } }

        /// An output is ready: true when it may be forwarded (the deadline has not passed).
        func start() -> Bool {
            state.withLock { state in
                if !state.expired { state.started = true }
                return !state.expired
            }
        }

        /// The deadline passed: true when nothing was forwarded, so the brain is given up.
        func expire() -> Bool {
            state.withLock { state in
                if !state.started { state.expired = true }
                return state.expired
            }
        }
    }

    private enum Finished: Sendable {
        case reply
        case timer
    }

    /// Forwards one brain's reply; gives up when it fails or says nothing within `deadline`.
    private func attempt(
        _ entry: Entry, input: BrainInput, deadline: Duration?, _ output: AsyncThrowingStream<BrainOutput, any Error>.Continuation
    ) async -> Attempt {
        // Decided once, under the lock: either the first output is forwarded or the deadline won.
        let gate = FirstOutputGate()
        let conversation = entry.conversation
        do {
            try await withThrowingTaskGroup(of: Finished.self) { group in
                group.addTask {
                    for try await item in conversation.respond(to: input) {
                        guard gate.start() else { break }
                        output.yield(item)
                    }
                    return .reply
                }
                if let deadline {
                    group.addTask {
                        try await Task.sleep(for: deadline)
                        if gate.expire() { throw ProviderError(.timeout, provider: entry.name, "said nothing within \(deadline)") }
                        return .timer
                    }
                }
                defer { group.cancelAll() }
                // The reply ends when the brain's stream does; the timer only matters before it.
                for try await finished in group where finished == .reply { break }
            }
            return .answered
        } catch {
            let failure = ProviderError.wrapping(error, provider: entry.name)
            return gate.started ? .failedAfterOutput(failure) : .failedBeforeOutput(failure)
        }
    }
}
