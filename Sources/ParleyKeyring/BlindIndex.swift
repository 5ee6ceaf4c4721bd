import Crypto
import Foundation
import ParleyCore

/// Keyed hashes of normalised phone numbers and emails, so rows can be found by them without a
/// plaintext column. The key is derived per organization, so equal values in two organizations
/// index differently.
public struct BlindIndex: Sendable {
    /// HMAC-SHA256 under the index key, with its pad blocks hashed once.
    let mac: PrecomputedHMAC

    /// Derives the index key from an organization key (HKDF-SHA256).
    public init(orgKey: SymmetricKey) {
        mac = PrecomputedHMAC(key: HKDF<SHA256>.deriveKey(inputKeyMaterial: orgKey, info: Data("parley/blind-index/v1".utf8),
                                                          outputByteCount: 32))
    }

    /// Index of an email address (case and surrounding space ignored).
    public func email(_ raw: String) throws(ParleyError) -> String {
        hash(prefix: "email:", (try EmailAddress(raw)).value)
    }

    /// Index of a phone number, after normalisation to E.164-style `+digits`.
    public func phone(_ raw: String) throws(ParleyError) -> String {
        let normalised = try Self.normalisedPhoneBytes(raw)
        let code = Self.phonePrefix.withUTF8Buffer { head in
            normalised.withUnsafeBytes { mac.authenticationCode(prefix: UnsafeRawBufferPointer(head), message: $0) }
        }
        return code.withUnsafeBytes { SecureToken.hex($0) }
    }

    static let phonePrefix: StaticString = "phone:"

    /// `+` followed by digits: separators removed, a leading international `00` becomes `+`.
    public static func normalisePhone(_ raw: String) throws(ParleyError) -> String {
        String(decoding: try normalisedPhoneBytes(raw), as: UTF8.self)
    }

    /// `normalisePhone` as UTF-8 bytes (one allocation: the index hashes them without a String).
    static func normalisedPhoneBytes(_ raw: String) throws(ParleyError) -> [UInt8] {
        var digits: [UInt8] = [UInt8(ascii: "+")]
        digits.reserveCapacity(17)
        var plus = false
        var seenSignificant = false
        for b in raw.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(b)
                seenSignificant = true
            case UInt8(ascii: "+") where !seenSignificant && !plus:
                plus = true
                seenSignificant = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."), UInt8(ascii: "\t"):
                continue
            default:
                throw ParleyError.validation("'\(raw.prefix(32))' is not a phone number", field: "phone")
            }
        }
        // digits[0] is the "+" put there in advance.
        if !plus && digits.count > 3 && digits[1] == UInt8(ascii: "0") && digits[2] == UInt8(ascii: "0") {
            digits.removeSubrange(1...2)
            plus = true
        }
        guard plus, (9...16).contains(digits.count), digits[1] != UInt8(ascii: "0") else {
            throw ParleyError.validation("phone numbers must be in international format, e.g. +14155550123", field: "phone")
        }
        return digits
    }

    /// HMAC of `prefix` + `normalised` as lowercase hex (the two are never joined in memory).
    func hash(prefix: StaticString, _ normalised: String) -> String {
        var text = normalised
        let code = prefix.withUTF8Buffer { head in
            text.withUTF8 { mac.authenticationCode(prefix: UnsafeRawBufferPointer(head), message: UnsafeRawBufferPointer($0)) }
        }
        return code.withUnsafeBytes { SecureToken.hex($0) }
    }
}
