import ParleyCore
import ParleyStorage
import SQLKit

/// Encrypts identity rows that still hold plaintext (written before migration identity v3), in
/// place and idempotently: users' email, name and TOTP secret, and invitation emails.
public struct IdentityFieldEncryption: Sendable {
    let database: Database
    let cipher: PersonalDataCipher

    public init(database: Database, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Returns how many rows were encrypted.
    @discardableResult
    public func run() async throws -> Int {
        let cipher = self.cipher
        return try await database.transaction { db in
            var count = 0
            let users = try await db.raw("SELECT id, email_index, name, totp_secret FROM users WHERE email_enc IS NULL").all()
            for row in users {
                let id = try row.decode(column: "id", as: String.self)
                let email = try EmailAddress(try row.decode(column: "email_index", as: String.self))
                let name = try row.decode(column: "name", as: String.self)
                let totp = try row.decode(column: "totp_secret", as: String?.self)
                try await db.raw("""
                    UPDATE users SET email_index = \(bind: try cipher.emailIndex(email)), email_enc = \(bind: try cipher.seal(email.value, "users.email", id)),
                        name = '', name_enc = \(bind: try cipher.seal(name, "users.name", id)),
                        totp_enc = \(bind: try totp.map { try cipher.seal($0, "users.totp", id) }), totp_secret = NULL
                    WHERE id = \(bind: id)
                    """).run()
                count += 1
            }
            // Ciphertext is base64 and never contains '@'; a stored email does.
            let invitations = try await db.raw("SELECT id, email_enc FROM invitations WHERE email_enc LIKE '%@%'").all()
            for row in invitations {
                let id = try row.decode(column: "id", as: String.self)
                let sealed = try cipher.seal(try row.decode(column: "email_enc", as: String.self), "invitations.email", id)
                try await db.raw("UPDATE invitations SET email_enc = \(bind: sealed) WHERE id = \(bind: id)").run()
                count += 1
            }
            return count
        }
    }
}
