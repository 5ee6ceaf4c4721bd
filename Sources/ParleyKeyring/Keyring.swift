import Crypto
import Foundation
import ParleyCore
import ParleyStorage
import SQLKit
import Synchronization

/// The key hierarchy: master key → organization keys → subject keys (a person) → record keys.
/// Each key is stored only wrapped by its parent (AES-256-GCM with the hierarchy position as
/// associated data). Destroying a subject key makes everything under it unreadable
/// (crypto-shredding). Unwrapped organization keys are cached in memory.
public final class Keyring: Sendable {
    let database: Database
    let clock: any WallClock
    let master: SymmetricKey
    public let masterFingerprint: String
    private let orgKeys = Mutex<[String: SymmetricKey]>([:])

    /// Kinds of subjects (people) keys are kept for.
    public enum SubjectKind: String, Sendable {
        case caller, contact, user
    }

    private init(database: Database, clock: any WallClock, master: SymmetricKey) {
        self.database = database
        self.clock = clock
        self.master = master
        self.masterFingerprint = MasterKeyFormat.fingerprint(master)
    }

    /// Loads the master key and checks it against the database: a fresh database records the
    /// key's fingerprint; an existing one refuses a different key with a clear message.
    public static func open(database: Database, provider: any KeyProvider, clock: any WallClock) async throws -> Keyring {
        if try await KeyRotation.isUnfinished(database) {
            throw ParleyError(.configuration, "a master key rotation was interrupted; run `parley keys rotate` again with the same new key to finish it")
        }
        let recorded = try await database.read { db in
            try await db.raw("SELECT value FROM keyring_meta WHERE name = 'master_fingerprint'").first()?.decode(column: "value", as: String.self)
        }
        let key = try provider.masterKey(createIfMissing: recorded == nil)
        let fingerprint = MasterKeyFormat.fingerprint(key)
        if let recorded {
            guard SecureToken.constantTimeEquals(recorded, fingerprint) else {
                throw ParleyError(.configuration, "the master key from \(provider.source) is not the key this database was encrypted with; refusing to start")
            }
        } else {
            try await database.transaction { db in
                try await db.raw("INSERT INTO keyring_meta (name, value) VALUES ('master_fingerprint', \(bind: fingerprint))").run()
            }
        }
        return Keyring(database: database, clock: clock, master: key)
    }

    /// The scope of data that belongs to no organization (user accounts, which span organizations).
    public static let systemScope = "system"

    // MARK: Organization keys

    /// The organization's key, created on first use.
    public func orgKey(_ org: String) async throws -> SymmetricKey {
        if let cached = orgKeys.withLock({ $0[org] }) { return cached }
        let context = KeyWrap.context(org: org, kind: "org")
        let stored = try await database.read { db in
            try await db.raw("SELECT wrapped FROM org_keys WHERE org_id = \(bind: org)").first()?.decode(column: "wrapped", as: String.self)
        }
        let key: SymmetricKey
        if let stored {
            key = try KeyWrap.unwrap(stored, with: master, context: context)
        } else {
            let fresh = SymmetricKey(size: .bits256)
            let wrapped = try KeyWrap.wrap(fresh, with: master, context: context)
            let now = clock.nowMicros()
            let fingerprint = masterFingerprint
            let winner = try await CommitHook.suspended { try await database.transaction { db -> String in
                // Another request may have created it first: keep theirs.
                if let existing = try await db.raw("SELECT wrapped FROM org_keys WHERE org_id = \(bind: org)").first()?
                    .decode(column: "wrapped", as: String.self) { return existing }
                try await db.raw("""
                    INSERT INTO org_keys (org_id, wrapped, master_fingerprint, created_at)
                    VALUES (\(bind: org), \(bind: wrapped), \(bind: fingerprint), \(bind: now))
                    """).run()
                return wrapped
            } }
            key = try KeyWrap.unwrap(winner, with: master, context: context)
        }
        orgKeys.withLock { $0[org] = key }
        return key
    }

    /// The organization's blind index (for lookups by phone or email).
    public func blindIndex(_ org: String) async throws -> BlindIndex {
        BlindIndex(orgKey: try await orgKey(org))
    }

    // MARK: Subjects

    /// The subject for a lookup value (e.g. a caller's phone blind index), created on first sight.
    public func subject(org: String, kind: SubjectKind, lookupIndex: String?) async throws -> String {
        if let lookupIndex, let existing = try await database.read({ db in
            try await db.raw("""
                SELECT id FROM subject_keys WHERE org_id = \(bind: org) AND kind = \(bind: kind.rawValue) AND lookup_index = \(bind: lookupIndex)
                """).first()?.decode(column: "id", as: String.self)
        }) {
            return existing
        }
        let orgKey = try await self.orgKey(org)
        let now = clock.nowMicros()
        let id = ResourceID.make("sub", timeMicros: now)
        let wrapped = try KeyWrap.wrap(SymmetricKey(size: .bits256), with: orgKey, context: KeyWrap.context(org: org, subject: id, kind: "subject"))
        do {
            try await CommitHook.suspended { try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO subject_keys (id, org_id, kind, lookup_index, wrapped, created_at)
                    VALUES (\(bind: id), \(bind: org), \(bind: kind.rawValue), \(bind: lookupIndex), \(bind: wrapped), \(bind: now))
                    """).run()
            } }
            return id
        } catch where StorageErrors.isUniqueViolation(error) && lookupIndex != nil {
            return try await subject(org: org, kind: kind, lookupIndex: lookupIndex)
        }
    }

    /// The subject's key, or an error saying it was erased.
    public func subjectKey(org: String, subject: String) async throws -> SymmetricKey {
        let row = try await database.read { db in
            try await db.raw("SELECT wrapped, destroyed_at FROM subject_keys WHERE id = \(bind: subject) AND org_id = \(bind: org)").first()
        }
        guard let row else { throw ParleyError.notFound("subject") }
        guard let wrapped = try row.decode(column: "wrapped", as: String?.self) else {
            throw ParleyError(.notFound, "the data of this person was erased (their key was destroyed)")
        }
        return try KeyWrap.unwrap(wrapped, with: try await orgKey(org), context: KeyWrap.context(org: org, subject: subject, kind: "subject"))
    }

    /// Crypto-shredding: deletes the subject's wrapped key so nothing encrypted under it can be read again.
    public func destroySubjectKey(org: String, subject: String) async throws {
        let now = clock.nowMicros()
        try await database.transaction { db in
            try await db.raw("""
                UPDATE subject_keys SET wrapped = NULL, lookup_index = NULL, destroyed_at = \(bind: now)
                WHERE id = \(bind: subject) AND org_id = \(bind: org)
                """).run()
        }
    }

    // MARK: Record keys

    /// A new key for one record (a recording, a transcript) and its wrapped form to store with the record.
    public func newRecordKey(org: String, subject: String, record: String) async throws -> (key: SymmetricKey, wrapped: String) {
        let key = SymmetricKey(size: .bits256)
        let parent = try await subjectKey(org: org, subject: subject)
        return (key, try KeyWrap.wrap(key, with: parent, context: KeyWrap.context(org: org, subject: subject, record: record, kind: "record")))
    }

    /// Unwraps a record key stored with its record.
    public func recordKey(org: String, subject: String, record: String, wrapped: String) async throws -> SymmetricKey {
        let parent = try await subjectKey(org: org, subject: subject)
        return try KeyWrap.unwrap(wrapped, with: parent, context: KeyWrap.context(org: org, subject: subject, record: record, kind: "record"))
    }
}
