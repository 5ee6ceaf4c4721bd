import HummingbirdBcrypt
import NIOPosix
import ParleyCore
import Synchronization

/// bcrypt on a thread pool (never on the cooperative pool: a hash costs ~100+ ms of CPU).
public final class PasswordHasher: Sendable {
    public let cost: UInt8
    let threadPool: NIOThreadPool
    private let dummy = Mutex<String?>(nil)

    public init(cost: UInt8 = 12, threadPool: NIOThreadPool = .singleton) {
        self.cost = min(31, max(4, cost))
        self.threadPool = threadPool
    }

    public static let minimumLength = 10

    public func validate(_ password: String) throws(ParleyError) {
        guard password.count >= Self.minimumLength else {
            throw ParleyError.validation("password must be at least \(Self.minimumLength) characters", field: "password")
        }
        guard password.utf8.count <= 72 else {
            // bcrypt ignores bytes past 72; refuse rather than silently truncate.
            throw ParleyError.validation("password must be at most 72 bytes", field: "password")
        }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends the same time as a real verification, so unknown emails aren't revealed by timing.
    public func verifyDummy(_ password: String) async throws {
        _ = try await verify(password, hash: try await dummyHash())
    }

    private func dummyHash() async throws -> String {
        if let h = dummy.withLock({ $0 }) { return h }
        let h = try await hash(SecureToken.random(bytes: 16))
        dummy.withLock { $0 = h }
        return h
    }
}
