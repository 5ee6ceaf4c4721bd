import Synchronization

/// Admission control for live calls: a global ceiling (what the node can carry) and a
/// per-org ceiling (one tenant can't take the whole node). A refused inbound call gets a
/// busy answer; a refused stream is closed before any work is done for it.
public final class CallAdmission: Sendable {
    public let maxCalls: Int
    public let maxCallsPerOrg: Int
    private let state = Mutex<(total: Int, perOrg: [String: Int])>((0, [:]))

    public init(maxCalls: Int, maxCallsPerOrg: Int) {
        self.maxCalls = maxCalls
        self.maxCallsPerOrg = maxCallsPerOrg
    }

    /// Whether a call for `org` would be admitted now (for the voice webhook's answer).
    public func hasCapacity(org: String) -> Bool {
        state.withLock { $0.total < maxCalls && $0.perOrg[org, default: 0] < maxCallsPerOrg }
    }

    /// Takes a slot for `org`; false when either ceiling is reached.
    public func admit(org: String) -> Bool {
        state.withLock { state in
            guard state.total < maxCalls, state.perOrg[org, default: 0] < maxCallsPerOrg else { return false }
            state.total += 1
            state.perOrg[org, default: 0] += 1
            return true
        }
    }

    public func release(org: String) {
        state.withLock { state in
            state.total = max(0, state.total - 1)
            let left = state.perOrg[org, default: 1] - 1
            state.perOrg[org] = left > 0 ? left : nil
        }
    }

    public var activeCalls: Int { state.withLock { $0.total } }
}
