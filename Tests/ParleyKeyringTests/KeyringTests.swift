import Crypto
import Foundation
import ParleyCore
@testable import ParleyKeyring
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct KeyringTests {
    static func with(_ flavor: DatabaseFlavor, provider: (any KeyProvider)? = nil,
                     _ body: @Sendable (Keyring, Database) async throws -> Void) async throws {
        try await TestDatabase.with(flavor) { db in
            _ = try await MigrationRunner(migrations: KeyringMigrations.all, clock: ManualClock(), logger: TestDatabase.logger).migrate(db)
            let keyring = try await Keyring.open(database: db, provider: provider ?? EnvironmentKeyProvider(value: MasterKeyFormat.generate().1), clock: ManualClock())
            try await body(keyring, db)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func theHierarchyRoundTripsAndIsBoundToItsPlace(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { keyring, _ in
            let subject = try await keyring.subject(org: "org_a", kind: .caller, lookupIndex: nil)
            let (key, wrapped) = try await keyring.newRecordKey(org: "org_a", subject: subject, record: "rec_1")
            let again = try await keyring.recordKey(org: "org_a", subject: subject, record: "rec_1", wrapped: wrapped)
            #expect(again == key)
            // The same wrapped key presented for another record, subject or org does not open.
            await #expect(throws: ParleyError.self) { _ = try await keyring.recordKey(org: "org_a", subject: subject, record: "rec_2", wrapped: wrapped) }
            let other = try await keyring.subject(org: "org_a", kind: .caller, lookupIndex: nil)
            await #expect(throws: ParleyError.self) { _ = try await keyring.recordKey(org: "org_a", subject: other, record: "rec_1", wrapped: wrapped) }
            await #expect(throws: ParleyError.self) { _ = try await keyring.recordKey(org: "org_b", subject: subject, record: "rec_1", wrapped: wrapped) }
            // Org keys are stable and distinct per org.
            let a1 = try await keyring.orgKey("org_a")
            let a2 = try await keyring.orgKey("org_a")
            let b = try await keyring.orgKey("org_b")
            #expect(a1 == a2 && a1 != b)
            let sealed = try FieldCipher.seal("+14155550123", key: a1, context: "calls.from|call_1")
            #expect(try FieldCipher.open(sealed, key: a1, context: "calls.from|call_1") == "+14155550123")
            #expect(throws: ParleyError.self) { _ = try FieldCipher.open(sealed, key: b, context: "calls.from|call_1") }
            #expect(throws: ParleyError.self) { _ = try FieldCipher.open(sealed, key: a1, context: "calls.from|call_2") }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func destroyingASubjectKeyShredsItsRecords(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { keyring, db in
            let index = try await keyring.blindIndex("org_a").phone("+1 (415) 555-0123")
            let subject = try await keyring.subject(org: "org_a", kind: .caller, lookupIndex: index)
            #expect(try await keyring.subject(org: "org_a", kind: .caller, lookupIndex: index) == subject, "found again by caller ID")
            let (_, wrapped) = try await keyring.newRecordKey(org: "org_a", subject: subject, record: "rec_1")
            try await keyring.destroySubjectKey(org: "org_a", subject: subject)
            await #expect(throws: ParleyError.self) { _ = try await keyring.recordKey(org: "org_a", subject: subject, record: "rec_1", wrapped: wrapped) }
            let remaining = try await db.read { try await $0.raw("SELECT wrapped, lookup_index FROM subject_keys").first() }
            #expect(try remaining?.decode(column: "wrapped", as: String?.self) == nil)
            // The same caller calling again gets a new subject.
            #expect(try await keyring.subject(org: "org_a", kind: .caller, lookupIndex: index) != subject)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func aWrongMasterKeyIsRefused(_ flavor: DatabaseFlavor) async throws {
        try await TestDatabase.with(flavor) { db in
            _ = try await MigrationRunner(migrations: KeyringMigrations.all, clock: ManualClock(), logger: TestDatabase.logger).migrate(db)
            let right = MasterKeyFormat.generate().1
            _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: right), clock: ManualClock())
            _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: right), clock: ManualClock())
            do {
                _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: MasterKeyFormat.generate().1), clock: ManualClock())
                Issue.record("a different master key must be refused")
            } catch let error as ParleyError {
                #expect(error.message.contains("not the key this database was encrypted with"))
            }
            await #expect(throws: ParleyError.self) {
                _ = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: "not base64!"), clock: ManualClock())
            }
        }
    }

    @Test func keyFilesAreCreatedPrivateAndGuarded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-keyfile-\(SecureToken.random(bytes: 6))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let provider = FileKeyProvider(path: dir + "/master.key")
        #expect(throws: ParleyError.self, "an existing install without its key file refuses") { _ = try provider.masterKey(createIfMissing: false) }
        let created = try provider.masterKey(createIfMissing: true)
        let attrs = try FileManager.default.attributesOfItem(atPath: provider.path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try provider.masterKey(createIfMissing: false) == created)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: provider.path)
        #expect(throws: ParleyError.self, "group/world-readable key files are refused") { _ = try provider.masterKey(createIfMissing: false) }
    }

    @Test func blindIndexesNormaliseAndDifferPerOrg() throws {
        let a = BlindIndex(orgKey: SymmetricKey(size: .bits256))
        let b = BlindIndex(orgKey: SymmetricKey(size: .bits256))
        #expect(try a.phone("+1 (415) 555-0123") == a.phone("0014155550123"))
        #expect(try a.phone("+14155550123") == a.phone("+1-415-555-0123"))
        #expect(try a.phone("+14155550123") != b.phone("+14155550123"))
        #expect(try a.email(" Ana@Example.com") == a.email("ana@example.com"))
        #expect(try a.email("ana@example.com") != a.phone("+14155550123"))
        #expect(try BlindIndex.normalisePhone("0044 20 7946 0958") == "+442079460958")
        #expect(try BlindIndex.normalisePhone("+1 (415) 555-0123") == "+14155550123")
        for bad in ["4155550123", "+1 415 CALL NOW", "+0123456789", "+123", "00", "000", "", "+", "+1234567890123456"] {
            #expect(throws: ParleyError.self, "\(bad)") { _ = try a.phone(bad) }
        }
    }

    @Test func encryptedBlobsRecoverAfterACrash() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-blobs-\(SecureToken.random(bytes: 6))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try LocalBlobStore(root: dir)
        let key = SymmetricKey(size: .bits256)
        let writer = try EncryptedBlobWriter(store: store, name: "rec/call_1.enc", key: key)
        let audio = StreamCipherTests.random(16_000)
        for i in 0..<10 {  // ten 100 ms chunks of 8 kHz μ-law, flushed every 200 ms
            try writer.append(audio[(i * 1600)..<((i + 1) * 1600)])
            if i % 2 == 1 { try writer.flush() }
        }
        try writer.append(StreamCipherTests.random(500))  // written but never flushed: lost in the crash
        // "Crash": the writer is abandoned without finish(); a torn tail is appended.
        let torn = try store.append(to: "rec/call_1.enc", truncatingTo: Int((try FileManager.default.attributesOfItem(atPath: dir + "/rec/call_1.enc")[.size] as? NSNumber)?.intValue ?? 0))
        try torn.write([0, 0, 1, 0, 9, 9, 9])
        try torn.close()
        #expect(throws: StreamCipherError.self) { try EncryptedBlobWriter.read(store: store, name: "rec/call_1.enc", key: key) { _ in } }
        let kept = try EncryptedBlobWriter.recover(store: store, name: "rec/call_1.enc", key: key)
        #expect(kept == 16_000)
        var back: [UInt8] = []
        try EncryptedBlobWriter.read(store: store, name: "rec/call_1.enc", key: key) { back += $0 }
        #expect(back == audio)
        #expect(try EncryptedBlobWriter.recover(store: store, name: "rec/call_1.enc", key: key) == 16_000, "recovering a finished blob changes nothing")
        #expect(throws: ParleyError.self) { _ = try store.create("../escape") }
    }
}
