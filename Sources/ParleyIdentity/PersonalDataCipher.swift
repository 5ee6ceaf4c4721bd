import Crypto
import ParleyCore
import ParleyKeyring

/// Encrypts the identity tables' personal fields (emails, names, TOTP secrets) and computes the
/// email blind index used for look-ups. User accounts span organizations, so their fields are
/// encrypted under the keyring's system-scope key; each value is bound to its table, column and row.
public struct PersonalDataCipher: Sendable {
    let key: SymmetricKey
    let index: BlindIndex

    public init(systemKey: SymmetricKey) {
        key = systemKey
        index = BlindIndex(orgKey: systemKey)
    }

    /// Loads the system-scope key from the keyring.
    public static func load(from keyring: Keyring) async throws -> PersonalDataCipher {
        PersonalDataCipher(systemKey: try await keyring.orgKey(Keyring.systemScope))
    }

    func seal(_ value: String, _ column: String, _ row: String) throws -> String {
        try FieldCipher.seal(value, key: key, context: "\(column)|\(row)")
    }

    func open(_ value: String, _ column: String, _ row: String) throws -> String {
        try FieldCipher.open(value, key: key, context: "\(column)|\(row)")
    }

    func emailIndex(_ email: EmailAddress) throws -> String {
        try index.email(email.value)
    }
}
