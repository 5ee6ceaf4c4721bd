import Crypto

/// Prefixed, time-sortable identifiers such as `org_01jd3k…`.
///
/// Layout: 48-bit millisecond timestamp + 80 random bits, Crockford base32 (lowercase),
/// so lexical order follows creation time (ULID-style; see the public ULID spec).
public enum ResourceID {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new id for `prefix` at `timeMicros` (µs since the Unix epoch).
    public static func make(_ prefix: String, timeMicros: Int64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let millis = UInt64(max(0, timeMicros / 1000))
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - i))) }
        var rng = SystemRandomNumberGenerator()
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return prefix + "_" + encode(bytes)
    }

    /// True when `id` looks like an id with `prefix` (cheap shape check before a lookup).
    public static func isValid(_ id: String, prefix: String) -> Bool {
        let utf8 = Array(id.utf8)
        let p = Array(prefix.utf8)
        guard utf8.count == p.count + 1 + 26, Array(utf8[0..<p.count]) == p, utf8[p.count] == UInt8(ascii: "_") else {
            return false
        }
        return utf8[(p.count + 1)...].allSatisfy { alphabet.contains($0) }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        // 128 bits -> 26 base32 characters (first char carries 3 bits).
        var value = (hi: UInt64(0), lo: UInt64(0))
        for i in 0..<8 { value.hi = value.hi << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { value.lo = value.lo << 8 | UInt64(bytes[i]) }
        var out = [UInt8](repeating: 0, count: 26)
        for i in stride(from: 25, through: 0, by: -1) {
            let digit = Int(value.lo & 31)
            out[i] = alphabet[digit]
            value.lo = (value.lo >> 5) | (value.hi << 59)
            value.hi >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }
}
