import Crypto
import Foundation
import ParleyCore

/// Encrypts small values (names, numbers, emails, secrets) with AES-256-GCM as `v1.<base64>`,
/// bound to a context (table, column, row) so ciphertext copied to another row fails to open.
public enum FieldCipher {
    public static func seal(_ plaintext: String, key: SymmetricKey, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw ParleyError(.internal, "AES-GCM produced no combined output") }
        return "v1." + combined.base64EncodedString()
    }

    public static func open(_ sealed: String, key: SymmetricKey, context: String) throws(ParleyError) -> String {
        guard sealed.hasPrefix("v1."), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else {
            throw ParleyError(.storage, "an encrypted field is not in the v1 format")
        }
        do {
            let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key, authenticating: Data(context.utf8))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw ParleyError(.storage, "an encrypted field could not be decrypted (wrong key, erased subject or tampered data)")
        }
    }
}
