import ParleyCore
import ParleyIdentity
import Synchronization

/// Resolves bearer tokens to principals, with a short in-process cache so hot reads don't hit the
/// database for every request. Revocations through this node take effect at once; other nodes
/// see them within `cacheMicros`.
public final class APIKeyAuthenticator: Sendable {
    private let repository: APIKeyRepository
    private let usage: APIKeyUsageTracker
    private let clock: any WallClock
    private let cacheMicros: Int64
    private let cache = Mutex<[String: (key: APIKey, until: Int64)]>([:])

    public init(repository: APIKeyRepository, usage: APIKeyUsageTracker, clock: any WallClock, cacheSeconds: Int64 = 5) {
        self.repository = repository
        self.usage = usage
        self.clock = clock
        self.cacheMicros = cacheSeconds * 1_000_000
    }

    /// The principal for `token`, or nil when no active key matches.
    public func principal(for token: String) async throws -> Principal? {
        let now = clock.nowMicros()
        let hash = SecureToken.sha256Hex(token)
        var key = cache.withLock { c -> APIKey? in
            guard let hit = c[hash], hit.until > now else { return nil }
            return hit.key
        }
        if key == nil {
            key = try await repository.authenticate(token: token)
            if let key {
                cache.withLock { c in
                    if c.count > 10_000 { c.removeAll() }
                    c[hash] = (key, now + cacheMicros)
                }
            }
        }
        guard let key else { return nil }
        usage.touch(key.id, at: now)
        return Principal(kind: .apiKey(keyID: key.id), orgID: key.orgID, role: key.role, userID: key.createdBy)
    }

    /// Drops cached entries for a revoked key.
    public func forget(keyID: String) {
        cache.withLock { c in c = c.filter { $0.value.key.id != keyID } }
    }
}
