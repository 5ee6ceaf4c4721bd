import Crypto
import ParleyCore

/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 30 s, 6 digits),
/// compatible with common authenticator apps.
public enum TOTP {
    public static let period: Int64 = 30
    public static let digits = 6

    /// A new 160-bit secret, base32 (RFC 4648, no padding).
    public static func makeSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        return Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// The code for the 30-second step containing `unixSeconds`.
    public static func code(secret: String, at unixSeconds: Int64) -> String? {
        guard let key = Base32.decode(secret) else { return nil }
        return hotp(key: key, counter: UInt64(max(0, unixSeconds / period)))
    }

    /// True if `code` matches the current step or one step either side (clock drift).
    public static func verify(_ code: String, secret: String, at unixSeconds: Int64) -> Bool {
        let trimmed = code.filter { !$0.isWhitespace }
        guard trimmed.count == digits, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber),
              let key = Base32.decode(secret) else { return false }
        let step = unixSeconds / period
        var match = false
        for delta in -1...1 where step + Int64(delta) >= 0 {
            // Compare every candidate (no early exit) in constant time.
            if SecureToken.constantTimeEquals(hotp(key: key, counter: UInt64(step + Int64(delta))), trimmed) { match = true }
        }
        return match
    }

    /// otpauth:// URI for QR codes / manual entry.
    public static func provisioningURI(secret: String, account: String, issuer: String = "Parley") -> String {
        func esc(_ s: String) -> String {
            s.utf8.map { b -> String in
                let c = Character(UnicodeScalar(b))
                if c.isASCII && (c.isLetter || c.isNumber || "-._~@".contains(c)) { return String(c) }
                return "%" + SecureToken.hex([b]).uppercased()
            }.joined()
        }
        return "otpauth://totp/\(esc(issuer)):\(esc(account))?secret=\(secret)&issuer=\(esc(issuer))&digits=6&period=30"
    }

    static func hotp(key: [UInt8], counter: UInt64) -> String {
        var msg = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { msg[i] = UInt8(truncatingIfNeeded: counter >> (8 * (7 - i))) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: msg, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let bin = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = bin % 1_000_000
        let s = String(value)
        return String(repeating: "0", count: digits - s.count) + s
    }
}

/// RFC 4648 base32 without padding.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var out = [UInt8]()
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.uppercased().utf8 where c != UInt8(ascii: "=") && c != UInt8(ascii: " ") {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            buffer = (buffer << 5) | UInt32(v)
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return out.isEmpty ? nil : out
    }
}
