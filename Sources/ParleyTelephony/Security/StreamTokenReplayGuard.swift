import ParleyCore
import Synchronization

/// Remembers the nonces of stream tokens already used, until they expire, so a token opens
/// one stream only. Shared by all stream connections of a process; tokens cannot be replayed
/// against another process only if streams of a deployment reach one process (or share a store).
public final class StreamTokenReplayGuard: Sendable {
    private struct Seen {
        var expiries: [String: Int64] = [:]
        var nextSweep: Int64 = 0
    }

    private let clock: any WallClock
    private let capacity: Int
    private let sweepInterval: Int64 = 30
    private let seen = Mutex(Seen())

    /// `capacity` bounds memory: at most that many live tokens are remembered.
    public init(clock: any WallClock, capacity: Int = 100_000) {
        self.clock = clock
        self.capacity = max(1, capacity)
    }

    /// Records the token's use; throws if it was used before (or if remembering it is impossible).
    public func claim(_ claims: StreamTokenClaims) throws(StreamTokenError) {
        let now = clock.nowSeconds()
        guard claims.expiresAt > now else {
            throw StreamTokenError(.expired, "the stream token expired at \(claims.expiresAt) (Unix time)")
        }
        let result: StreamTokenError? = seen.withLock { seen in
            if now >= seen.nextSweep || seen.expiries.count >= capacity {
                seen.expiries = seen.expiries.filter { $0.value > now }
                seen.nextSweep = now + sweepInterval
            }
            if let expiry = seen.expiries[claims.nonce], expiry > now {
                return StreamTokenError(.replayed, "the stream token was already used to open a stream")
            }
            guard seen.expiries.count < capacity else {
                return StreamTokenError(.replayGuardFull, "too many live stream tokens (\(capacity)); refusing until some expire")
            }
            seen.expiries[claims.nonce] = claims.expiresAt
            return nil
        }
        if let result { throw result }
    }

    /// Tokens currently remembered (expired ones may linger until the next sweep).
    public var count: Int { seen.withLock { $0.expiries.count } }
}
