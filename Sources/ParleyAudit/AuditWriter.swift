import ParleyStorage
import Synchronization

/// Group commit for audit events that have no transaction of their own to join (reads of
/// sensitive data, refused or failed requests): events that arrive while a write is in flight
/// go into the next transaction together, so a burst of requests costs a few commits instead of
/// one each on SQLite's single writer. Each caller still returns only after its event is in the
/// outbox.
public final class AuditWriter: Sendable {
    typealias Waiter = (event: AuditEvent, continuation: CheckedContinuation<Void, any Error>)

    struct State {
        var pending: [Waiter] = []
        var flushing = false
    }

    let log: AuditLog
    let maxBatch: Int
    private let state = Mutex(State())

    public init(log: AuditLog, maxBatch: Int = 1_000) {
        self.log = log
        self.maxBatch = max(1, maxBatch)
    }

    /// Queues `event` and returns once it is committed to the outbox (or throws when the write failed).
    public func record(_ event: AuditEvent) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lead = state.withLock { state in
                state.pending.append((event, continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
            }
            // Detached: the flush belongs to no request (it must not inherit a request's commit hook).
            if lead { Task.detached { await self.flush() } }
        }
    }

    private func flush() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                guard !state.pending.isEmpty else {
                    state.flushing = false
                    return []
                }
                let count = min(maxBatch, state.pending.count)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await log.record(batch.map(\.event))
                for waiter in batch { waiter.continuation.resume() }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
