import Synchronization

/// What a fake server saw, in order, with a way to wait for something to happen
/// (tests synchronise on events, not on sleeps; the timeout only bounds a failing test).
final class EventLog<Event: Sendable>: Sendable {
    private struct Waiter {
        var predicate: @Sendable ([Event]) -> Bool
        var continuation: CheckedContinuation<Bool, Never>
    }

    private let state = Mutex<(events: [Event], waiters: [Int: Waiter], next: Int)>(([], [:], 0))

    var events: [Event] { state.withLock { $0.events } }

    func record(_ event: Event) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            state.events.append(event)
            let events = state.events
            let done = state.waiters.filter { $0.value.predicate(events) }
            for key in done.keys { state.waiters.removeValue(forKey: key) }
            return done.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: true) }
    }

    /// Waits until `predicate` holds for the events so far; false after `timeout`.
    func wait(timeout: Duration = .seconds(10), until predicate: @escaping @Sendable ([Event]) -> Bool) async -> Bool {
        let key = state.withLock { state -> Int in
            state.next += 1
            return state.next
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let satisfied = self.state.withLock { state -> Bool in
                        if predicate(state.events) { return true }
                        state.waiters[key] = Waiter(predicate: predicate, continuation: continuation)
                        return false
                    }
                    if satisfied { continuation.resume(returning: true) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { $0.waiters.removeValue(forKey: key) }
                waiter?.continuation.resume(returning: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
