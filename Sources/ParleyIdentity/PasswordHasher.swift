import Crypto
import Foundation
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

    public static let maximumLength = 1024

    public func validate(_ password: String) throws(ParleyError) {
        let length = password.unicodeScalars.count
        guard length >= Self.minimumLength, length <= Self.maximumLength else {
            throw ParleyError.validation("password must be \(Self.minimumLength)–\(Self.maximumLength) characters", field: "password")
        }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        let input = Self.prehash(password)
        return try await threadPool.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        guard password.unicodeScalars.count <= Self.maximumLength else { return false }
        let input = Self.prehash(password)
        return try await threadPool.runIfActive { Bcrypt.verify(input, hash: hash) }
    }

    /// bcrypt reads at most 72 bytes and stops at NUL; SHA-256 then base64 (44 bytes, no NUL)
    /// lets every character of a long passphrase count.
    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Array(password.utf8))).base64EncodedString()
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
