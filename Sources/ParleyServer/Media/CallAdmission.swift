import Synchronization

/// Admission control for live calls: a global ceiling (what the node can carry) and a
/// per-org ceiling (one tenant can't take the whole node). A refused inbound call gets a
/// busy answer; a refused stream is closed before any work is done for it. While the node
/// drains (SIGTERM) nothing new is admitted and `drain(timeout:)` waits for live calls to end.
public final class CallAdmission: Sendable {
    public let maxCalls: Int
    public let maxCallsPerOrg: Int
    private struct State {
        var total = 0
        var perOrg: [String: Int] = [:]
        var draining = false
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    public init(maxCalls: Int, maxCallsPerOrg: Int) {
        self.maxCalls = maxCalls
        self.maxCallsPerOrg = maxCallsPerOrg
    }

    /// Whether a call for `org` would be admitted now (for the voice webhook's answer).
    public func hasCapacity(org: String) -> Bool {
        state.withLock { !$0.draining && $0.total < maxCalls && $0.perOrg[org, default: 0] < maxCallsPerOrg }
    }

    /// Takes a slot for `org`; false when either ceiling is reached or the node drains.
    public func admit(org: String) -> Bool {
        state.withLock { state in
            guard !state.draining, state.total < maxCalls, state.perOrg[org, default: 0] < maxCallsPerOrg else { return false }
            state.total += 1
            state.perOrg[org, default: 0] += 1
            return true
        }
    }

    public func release(org: String) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.total = max(0, state.total - 1)
            let left = state.perOrg[org, default: 1] - 1
            state.perOrg[org] = left > 0 ? left : nil
            guard state.total == 0 else { return [] }
            defer { state.idleWaiters = [:] }
            return Array(state.idleWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    public var activeCalls: Int { state.withLock { $0.total } }

    public var isDraining: Bool { state.withLock { $0.draining } }

    /// Stops admitting calls, then waits until the live ones have ended or `timeout` passed.
    /// Returns how many calls were still live at the end.
    public func drain(timeout: Duration) async -> Int {
        state.withLock { $0.draining = true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return activeCalls
    }

    /// Returns once no call is live (at once if none is), or when the task is cancelled.
    func waitUntilIdle() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.total == 0 || Task.isCancelled { return true }
                    state.idleWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.idleWaiters.removeValue(forKey: id) }?.resume()
        }
    }
}
