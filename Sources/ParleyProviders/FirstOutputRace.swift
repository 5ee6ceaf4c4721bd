import ParleyVoice
import Synchronization

/// Forwards one provider's stream as it comes, giving the provider up when it fails or yields
/// nothing before a deadline. Once something was forwarded the provider is never given up
/// for slowness (the caller already heard or saw part of it); the fallback chains build on this.
enum FirstOutputRace {
    enum Outcome: Sendable, Equatable {
        /// The stream ended normally after forwarding this many elements.
        case finished(forwarded: Int)
        /// Failed (or missed the deadline) before forwarding anything: the next provider may answer.
        case failedBeforeOutput(ProviderError)
        /// Failed after forwarding: too late to switch.
        case failedAfterOutput(ProviderError)
    }

    /// Decides, once, whether the first element or the deadline came first.
    private final class Gate: Sendable {
        private let state = Mutex<(forwarded: Int, expired: Bool)>((0, false))

        var forwarded: Int { state.withLock { $0.forwarded } }

        /// An element is ready: true when it may be forwarded (the deadline has not won).
        func admit() -> Bool {
            state.withLock { state in
                if !state.expired { state.forwarded += 1 }
                return !state.expired
            }
        }

        /// The deadline passed: true when nothing was forwarded, so the provider is given up.
        func expire() -> Bool {
            state.withLock { state in
                if state.forwarded == 0 { state.expired = true }
                return state.expired
            }
        }
    }

    private enum Finished: Sendable {
        case stream
        case timer
    }

    /// Runs `makeStream()` and hands each element to `forward`; `deadline` nil waits for ever
    /// (the provider's own timeouts still apply).
    static func run<Element: Sendable>(
        provider: String, deadline: Duration?,
        _ makeStream: @escaping @Sendable () -> AsyncThrowingStream<Element, any Error>,
        forward: @escaping @Sendable (Element) -> Void
    ) async -> Outcome {
        let gate = Gate()
        do {
            try await withThrowingTaskGroup(of: Finished.self) { group in
                group.addTask {
                    for try await element in makeStream() {
                        guard gate.admit() else { break }
                        forward(element)
                    }
                    return .stream
                }
                if let deadline {
                    group.addTask {
                        try await Task.sleep(for: deadline)
                        if gate.expire() { throw ProviderError(.timeout, provider: provider, "nothing within \(deadline)") }
                        return .timer
                    }
                }
                defer { group.cancelAll() }
                // The answer ends when the stream does; the timer only matters before it.
                for try await finished in group where finished == .stream { break }
            }
            return .finished(forwarded: gate.forwarded)
        } catch {
            let failure = ProviderError.wrapping(error, provider: provider)
            return gate.forwarded > 0 ? .failedAfterOutput(failure) : .failedBeforeOutput(failure)
        }
    }
}
