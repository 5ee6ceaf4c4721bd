import Crypto
import Foundation
import ParleyCore

/// Supplies the master key that wraps every organization key. Implementations: environment
/// (`PARLEY_MASTER_KEY`), a 0600 file in the data dir, and later a KMS.
public protocol KeyProvider: Sendable {
    /// Where the key comes from, for messages (never the key itself).
    var source: String { get }
    /// Loads the master key. `createIfMissing` is true only for a fresh installation.
    func masterKey(createIfMissing: Bool) throws(ParleyError) -> SymmetricKey
}

/// Master keys are 32 random bytes, written as base64.
public enum MasterKeyFormat {
    public static func parse(_ text: String, source: String) throws(ParleyError) -> SymmetricKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed), data.count == 32 else {
            throw ParleyError(.configuration, "the master key in \(source) must be 32 bytes, base64-encoded (e.g. `head -c32 /dev/urandom | base64`)")
        }
        return SymmetricKey(data: data)
    }

    public static func generate() -> (SymmetricKey, String) {
        let key = SymmetricKey(size: .bits256)
        return (key, key.withUnsafeBytes { Data($0).base64EncodedString() })
    }

    /// A public fingerprint of a key (HMAC of a constant), stored to detect a wrong key at start-up.
    public static func fingerprint(_ key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("parley/master-key-check/v1".utf8), using: key)
        return SecureToken.hex(Array(mac).prefix(16))
    }
}

/// The master key from the `PARLEY_MASTER_KEY` environment variable.
public struct EnvironmentKeyProvider: KeyProvider {
    let value: String

    public init(value: String) { self.value = value }

    public var source: String { "PARLEY_MASTER_KEY" }

    public func masterKey(createIfMissing: Bool) throws(ParleyError) -> SymmetricKey {
        try MasterKeyFormat.parse(value, source: source)
    }
}
