import Crypto

/// HMAC-SHA256 (RFC 2104) with the key's inner and outer pad blocks hashed once: each code costs
/// two SHA-256 compressions for a short message instead of four, and no re-keying.
///
/// Safe to share between threads: the two hashers are values (swift-crypto's SHA256 copies its
/// state on write), and every code starts from its own copies.
struct PrecomputedHMAC: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    init(key: SymmetricKey) {
        var block = [UInt8](repeating: 0, count: 64)
        key.withUnsafeBytes { bytes in
            if bytes.count > 64 {
                for (index, byte) in SHA256.hash(data: bytes).enumerated() { block[index] = byte }
            } else {
                for index in 0..<bytes.count { block[index] = bytes[index] }
            }
        }
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        authenticationCode(prefix: UnsafeRawBufferPointer(start: nil, count: 0), message: message)
    }

    /// The code of `prefix` followed by `message`, without joining them first.
    func authenticationCode(prefix: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var inner = self.inner
        if !prefix.isEmpty { inner.update(bufferPointer: prefix) }
        inner.update(bufferPointer: message)
        let innerDigest = inner.finalize()
        var outer = self.outer
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
