import Crypto
import Foundation
import ParleyCore

/// Keyed hashes of normalised phone numbers and emails, so rows can be found by them without a
/// plaintext column. The key is derived per organization, so equal values in two organizations
/// index differently.
public struct BlindIndex: Sendable {
    let key: SymmetricKey

    /// Derives the index key from an organization key (HKDF-SHA256).
    public init(orgKey: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: orgKey, info: Data("parley/blind-index/v1".utf8), outputByteCount: 32)
    }

    /// Index of an email address (case and surrounding space ignored).
    public func email(_ raw: String) throws(ParleyError) -> String {
        hash("email:" + (try EmailAddress(raw)).value)
    }

    /// Index of a phone number, after normalisation to E.164-style `+digits`.
    public func phone(_ raw: String) throws(ParleyError) -> String {
        hash("phone:" + (try Self.normalisePhone(raw)))
    }

    /// `+` followed by digits: separators removed, a leading international `00` becomes `+`.
    public static func normalisePhone(_ raw: String) throws(ParleyError) -> String {
        var digits = ""
        var plus = false
        for (i, c) in raw.trimmingCharacters(in: .whitespaces).enumerated() {
            if c == "+" && i == 0 { plus = true; continue }
            if c.isASCII && c.isNumber { digits.append(c); continue }
            if " -().".contains(c) { continue }
            throw ParleyError.validation("'\(raw.prefix(32))' is not a phone number", field: "phone")
        }
        if !plus && digits.hasPrefix("00") { digits.removeFirst(2); plus = true }
        guard plus, (8...15).contains(digits.count), digits.first != "0" else {
            throw ParleyError.validation("phone numbers must be in international format, e.g. +14155550123", field: "phone")
        }
        return "+" + digits
    }

    func hash(_ normalised: String) -> String {
        SecureToken.hex(HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: key))
    }
}
