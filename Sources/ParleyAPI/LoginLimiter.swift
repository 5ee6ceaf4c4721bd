import ParleyCore

/// Brute-force protection for password login: per client IP and per account.
public struct LoginLimiter: Sendable {
    let perIP: RateLimiter
    let perAccount: RateLimiter

    public init(clock: any WallClock) {
        // 10 attempts at once per IP, then one every 6 s; 5 failures per account, then one a minute.
        perIP = RateLimiter(rule: .init(ratePerSecond: 1.0 / 6, burst: 10), clock: clock)
        perAccount = RateLimiter(rule: .init(ratePerSecond: 1.0 / 60, burst: 5), clock: clock)
    }

    /// Seconds to wait before another attempt, or nil when an attempt is allowed (and counted).
    public func attempt(ip: String, account: String) -> Int? {
        if !perAccount.wouldAllow(account.lowercased()) { return 60 }
        return perIP.take(ip)
    }

    public func failed(account: String) {
        _ = perAccount.take(account.lowercased())
    }

    public func succeeded(account: String) {
        perAccount.reset(account.lowercased())
    }
}
