import Crypto
import Foundation
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyServer
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct PersonalDataAtRestTests {
    static let email = "zebra.unique.person@example.com"
    static let name = "Zebediah Quixote"
    static let invited = "yak.unique.invitee@example.com"

    @Test(arguments: TestDatabase.flavors)
    func noPersonalDataIsStoredInPlaintext(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let created = try await client.call(.post, "/v1/users", key: server.adminKey,
                                                json: #"{"email":"\#(Self.email)","name":"\#(Self.name)","password":"a long password"}"#)
            #expect(created.status == 201)
            #expect(created.json["email"] as? String == Self.email, "the API still shows the decrypted value")
            _ = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email":"\#(Self.invited)","role":"viewer"}"#)
            let creds = try #require(try await server.environment.users.credentials(email: Self.email.uppercased()))
            let totp = TOTP.makeSecret()
            try await server.environment.users.setPendingTOTPSecret(userID: creds.user.id, secret: totp)
            #expect(try await server.environment.users.credentials(userID: creds.user.id)?.totpSecret == totp)

            let needles = [Self.email, Self.name, Self.invited, totp, "zebra.unique", "Zebediah"]
            switch server.database.url {
            case .sqlite(let path):
                for file in [path, path + "-wal"] {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    for needle in needles {
                        #expect(data.range(of: Data(needle.utf8)) == nil, "'\(needle)' found in plaintext in \(file)")
                    }
                }
            case .postgres:
                let dump = try await server.database.read { db in
                    var text = ""
                    for table in ["users", "invitations", "memberships", "orgs"] {
                        for row in try await db.raw("SELECT row_to_json(t)::text AS j FROM \(unsafeRaw: table) t").all() {
                            text += try row.decode(column: "j", as: String.self)
                        }
                    }
                    return text
                }
                #expect(dump.contains(creds.user.id), "the dump covers the rows")
                for needle in needles { #expect(!dump.contains(needle), "'\(needle)' found in plaintext") }
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func rowsWrittenBeforeEncryptionAreEncryptedInPlace(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            // The schema as the foundation left it (identity v1–v2), with plaintext rows.
            let legacy = ParleyServer.migrations.filter { !($0.module == "identity" && $0.version >= 3) }
            _ = try await MigrationRunner(migrations: legacy, clock: clock, logger: TestDatabase.logger).migrate(db)
            let hash = try await PasswordHasher(cost: 4).hash("legacy password")
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO orgs (id, name, is_default, created_at) VALUES ('org_legacy', 'Legacy', 1, 1)").run()
                try await sql.raw("""
                    INSERT INTO users (id, email, name, password_hash, totp_secret, created_at)
                    VALUES ('usr_legacy', \(bind: Self.email), \(bind: Self.name), \(bind: hash), 'JBSWY3DPEHPK3PXP', 1)
                    """).run()
                try await sql.raw("INSERT INTO memberships (id, org_id, user_id, role, created_at) VALUES ('mem_legacy', 'org_legacy', 'usr_legacy', 'owner', 1)").run()
                try await sql.raw("""
                    INSERT INTO invitations (id, org_id, email, role, token_hash, expires_at, created_at)
                    VALUES ('inv_legacy', 'org_legacy', \(bind: Self.invited), 'viewer', 'h', 99999999999999999, 1)
                    """).run()
            }
            _ = try await MigrationRunner(migrations: ParleyServer.migrations, clock: clock, logger: TestDatabase.logger).migrate(db)
            let keyring = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: MasterKeyFormat.generate().1), clock: clock)
            let cipher = try await PersonalDataCipher.load(from: keyring)
            #expect(try await IdentityFieldEncryption(database: db, cipher: cipher).run() == 2)
            #expect(try await IdentityFieldEncryption(database: db, cipher: cipher).run() == 0, "idempotent")
            let users = UserRepository(database: db, clock: clock, hasher: PasswordHasher(cost: 4), cipher: cipher)
            let creds = try #require(try await users.credentials(email: Self.email))
            #expect(creds.user.name == Self.name)
            #expect(creds.totpSecret == "JBSWY3DPEHPK3PXP")
            let inv = try await InvitationRepository(database: db, clock: clock, hasher: PasswordHasher(cost: 4), cipher: cipher)
                .find("inv_legacy", org: "org_legacy")
            #expect(inv?.email == Self.invited)
            let raw = try await db.read { sql in
                try await sql.raw("SELECT email_index, name, totp_secret FROM users").first()
            }
            #expect(try raw?.decode(column: "email_index", as: String.self) != Self.email)
            #expect(try raw?.decode(column: "name", as: String.self) == "")
            #expect(try raw?.decode(column: "totp_secret", as: String?.self) == nil)
        }
    }
}
