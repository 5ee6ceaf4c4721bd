import Synchronization

/// Where provider tasks leave their results for the call's frame loop, which
/// drains it once per frame. Also counts work in flight so an offline run can
/// skip idle time but not provider latency.
final class CallEngineInbox: Sendable {
    private struct State {
        var events: [CallSessionEvent] = []
        var inFlight = 0
    }

    private let state = Mutex(State())

    func post(_ event: CallSessionEvent) {
        state.withLock { $0.events.append(event) }
    }

    func begin() {
        state.withLock { $0.inFlight += 1 }
    }

    func end(posting events: [CallSessionEvent] = []) {
        state.withLock {
            $0.events.append(contentsOf: events)
            $0.inFlight -= 1
        }
    }

    /// Moves pending events into `buffer` (which keeps its capacity).
    func drain(into buffer: inout [CallSessionEvent]) {
        state.withLock { state in
            guard !state.events.isEmpty else { return }
            buffer.append(contentsOf: state.events)
            state.events.removeAll(keepingCapacity: true)
        }
    }

    var inFlight: Int { state.withLock { $0.inFlight } }
}
