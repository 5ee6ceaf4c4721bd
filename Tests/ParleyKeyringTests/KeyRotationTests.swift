import Crypto
import Foundation
import ParleyCore
import ParleyKeyring
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct KeyRotationTests {
    @Test(arguments: TestDatabase.flavors)
    func rotationIsResumableAndKeepsEverythingReadable(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: KeyringMigrations.all, clock: clock, logger: TestDatabase.logger).migrate(db)
            let (old, oldText) = MasterKeyFormat.generate()
            let (new, newText) = MasterKeyFormat.generate()
            var records: [(org: String, subject: String, wrapped: String, key: SymmetricKey)] = []
            do {
                let keyring = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: oldText), clock: clock)
                for i in 0..<5 {
                    let org = "org_\(i)"
                    let subject = try await keyring.subject(org: org, kind: .caller, lookupIndex: nil)
                    let (key, wrapped) = try await keyring.newRecordKey(org: org, subject: subject, record: "rec")
                    records.append((org, subject, wrapped, key))
                }
            }
            let rotation = KeyRotation(database: db, clock: clock)
            // Interrupted after two organization keys.
            let partial = try await rotation.rotate(current: old, next: new, limit: 2)
            #expect(partial.rewrapped == 2)
            await #expect(throws: ParleyError.self, "the server refuses to start mid-rotation") {
                _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: oldText), clock: clock)
            }
            await #expect(throws: ParleyError.self, "resuming towards a different key is refused") {
                _ = try await rotation.rotate(current: old, next: MasterKeyFormat.generate().0)
            }
            let rest = try await rotation.rotate(current: old, next: new)
            #expect(rest.resumed)
            #expect(rest.rewrapped == 3)
            await #expect(throws: ParleyError.self, "the old key no longer opens the keyring") {
                _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: oldText), clock: clock)
            }
            let rotated = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: newText), clock: clock)
            for r in records {
                let key = try await rotated.recordKey(org: r.org, subject: r.subject, record: "rec", wrapped: r.wrapped)
                #expect(key == r.key, "record keys still unwrap after rotation")
            }
        }
    }
}
