import ParleyCore
import Synchronization

/// Token buckets keyed by string (API key, client IP, account). In memory, per process.
public final class RateLimiter: Sendable {
    public struct Rule: Sendable {
        /// Tokens added per second.
        public var ratePerSecond: Double
        /// Maximum burst.
        public var burst: Double

        public init(ratePerSecond: Double, burst: Double) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
        }
    }

    private struct Bucket {
        var tokens: Double
        var updatedMicros: Int64
    }

    private let rule: Rule
    private let clock: any WallClock
    private let buckets = Mutex<[String: Bucket]>([:])
    private static let maxKeys = 100_000

    public init(rule: Rule, clock: any WallClock) {
        self.rule = rule
        self.clock = clock
    }

    /// Takes one token for `key`; returns nil when allowed, or the seconds to wait.
    public func take(_ key: String) -> Int? {
        let now = clock.nowMicros()
        let rule = self.rule
        return buckets.withLock { buckets in
            var b = buckets[key] ?? Bucket(tokens: rule.burst, updatedMicros: now)
            let elapsed = Double(max(0, now - b.updatedMicros)) / 1_000_000
            b.tokens = min(rule.burst, b.tokens + elapsed * rule.ratePerSecond)
            b.updatedMicros = now
            if b.tokens >= 1 {
                b.tokens -= 1
                buckets[key] = b
                if buckets.count > Self.maxKeys { Self.prune(&buckets, now: now, rule: rule) }
                return nil
            }
            buckets[key] = b
            return max(1, Int(((1 - b.tokens) / rule.ratePerSecond).rounded(.up)))
        }
    }

    /// Would `take` succeed, without taking?
    public func wouldAllow(_ key: String) -> Bool {
        let now = clock.nowMicros()
        let rule = self.rule
        return buckets.withLock { buckets in
            guard let b = buckets[key] else { return true }
            let elapsed = Double(max(0, now - b.updatedMicros)) / 1_000_000
            return min(rule.burst, b.tokens + elapsed * rule.ratePerSecond) >= 1
        }
    }

    /// Forgets `key` (e.g. after a successful login).
    public func reset(_ key: String) {
        _ = buckets.withLock { $0.removeValue(forKey: key) }
    }

    private static func prune(_ buckets: inout [String: Bucket], now: Int64, rule: Rule) {
        // Drop buckets that have refilled completely: they carry no state.
        buckets = buckets.filter { _, b in
            b.tokens + Double(now - b.updatedMicros) / 1_000_000 * rule.ratePerSecond < rule.burst
        }
    }
}
