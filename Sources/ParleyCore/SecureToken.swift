import Crypto

/// Random secrets and their digests (API keys, session tokens, CSRF tokens, invitation tokens).
public enum SecureToken {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A base62 string carrying `bytes` bytes of entropy (rejection sampling, no modulo bias).
    public static func random(bytes: Int = 32) -> String {
        var rng = SystemRandomNumberGenerator()
        // log2(62) ≈ 5.954 bits per character.
        let length = Int((Double(bytes * 8) / 5.954).rounded(.up))
        var out = [UInt8]()
        out.reserveCapacity(length)
        // Draw 8 random bytes per call (one getrandom each), keep bytes < 248 (= 4 × 62).
        while out.count < length {
            var word = rng.next()
            for _ in 0..<8 where out.count < length {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < 248 { out.append(alphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex SHA-256 of `value`.
    public static func sha256Hex(_ value: String) -> String {
        hex(SHA256.hash(data: Array(value.utf8)))
    }

    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(max(bytes.underestimatedCount * 2, 64))
        for b in bytes {
            out.append(hexDigit(b >> 4))
            out.append(hexDigit(b & 15))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex of raw bytes, written straight into the string's storage.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var index = 0
            for byte in bytes {
                out[index] = hexDigit(byte >> 4)
                out[index + 1] = hexDigit(byte & 15)
                index += 2
            }
            return index
        }
    }

    @inline(__always) static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Constant-time equality for secrets of public length.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
