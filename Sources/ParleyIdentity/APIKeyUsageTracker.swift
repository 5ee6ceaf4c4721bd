import Synchronization

/// Remembers when each API key was last used, in memory, so authenticated reads don't become writes.
/// A flush service writes the collected times periodically and at shutdown.
public final class APIKeyUsageTracker: Sendable {
    private let pending = Mutex<[String: Int64]>([:])

    public init() {}

    public func touch(_ keyID: String, at micros: Int64) {
        pending.withLock { p in
            if (p[keyID] ?? .min) < micros { p[keyID] = micros }
        }
    }

    /// Takes what has been collected since the last drain.
    public func drain() -> [String: Int64] {
        pending.withLock { p in
            defer { p = [:] }
            return p
        }
    }

    /// Puts back usage that could not be written (the newest time wins).
    public func restore(_ usage: [String: Int64]) {
        for (id, at) in usage { touch(id, at: at) }
    }
}
