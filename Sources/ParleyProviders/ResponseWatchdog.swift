import ParleyVoice
import Synchronization

/// Bounds a streamed answer: the first bytes must come within `firstByte`, and once
/// streaming, no gap may last longer than `idle`. A stalled provider then fails fast
/// (and the chain falls back) instead of leaving the caller in dead air.
enum ResponseWatchdog {
    /// When the stream started and last delivered bytes.
    final class Progress: Sendable {
        private let state = Mutex<(started: Bool, last: ContinuousClock.Instant)>((false, ContinuousClock.now))

        /// Bytes arrived.
        func touch() { state.withLock { $0 = (true, ContinuousClock.now) } }
        fileprivate var snapshot: (started: Bool, last: ContinuousClock.Instant) { state.withLock { $0 } }
    }

    static func watch<T: Sendable>(
        provider: String, firstByte: Duration, idle: Duration,
        _ body: @escaping @Sendable (Progress) async throws -> T
    ) async throws -> T {
        let progress = Progress()
        let check = min(min(firstByte, idle) / 4, .milliseconds(250))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body(progress) }
            group.addTask {
                let clock = ContinuousClock()
                while true {
                    try await clock.sleep(for: check)
                    let (started, last) = progress.snapshot
                    if !started, clock.now - last > firstByte {
                        throw ProviderError(.timeout, provider: provider, "no answer within \(firstByte)")
                    }
                    if started, clock.now - last > idle {
                        throw ProviderError(.timeout, provider: provider, "the stream stalled for \(idle)")
                    }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw ProviderError(.timeout, provider: provider, "no answer")
            }
            return result
        }
    }
}
