#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import ParleyCore
import ParleyStorage
import SQLKit

/// Replaces the master key: every organization key is re-wrapped under the new key; no data is
/// re-encrypted. Resumable: progress is per row, the new key is saved before anything changes,
/// and the keyring refuses to open while a rotation is unfinished.
public struct KeyRotation: Sendable {
    let database: Database
    let clock: any WallClock

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public struct Result: Sendable, Equatable {
        public var rewrapped: Int
        public var newFingerprint: String
        public var resumed: Bool
    }

    /// Rotates from `current` to `next`. `limit` stops after that many rows (to test resuming).
    public func rotate(current: SymmetricKey, next: SymmetricKey, limit: Int = .max) async throws -> Result {
        let oldPrint = MasterKeyFormat.fingerprint(current)
        let newPrint = MasterKeyFormat.fingerprint(next)
        guard oldPrint != newPrint else { throw ParleyError(.configuration, "the new master key is the same as the current one") }
        let meta = try await database.read { db in
            try await db.raw("SELECT name, value FROM keyring_meta").all().reduce(into: [String: String]()) {
                $0[try $1.decode(column: "name", as: String.self)] = try $1.decode(column: "value", as: String.self)
            }
        }
        guard let recorded = meta["master_fingerprint"] else { throw ParleyError(.configuration, "this database has no keyring yet; start Parley once first") }
        guard recorded == oldPrint else {
            throw ParleyError(.configuration, "the current master key is not the one this database was encrypted with")
        }
        if let target = meta["rotation_target"], target != newPrint {
            throw ParleyError(.configuration, "an unfinished rotation to another key exists; resume it with that key")
        }
        let resumed = meta["rotation_target"] != nil
        try await database.transaction { db in
            try await db.raw("DELETE FROM keyring_meta WHERE name = 'rotation_target'").run()
            try await db.raw("INSERT INTO keyring_meta (name, value) VALUES ('rotation_target', \(bind: newPrint))").run()
        }
        var done = 0
        while done < limit {
            let rows = try await database.read { db in
                try await db.raw("""
                    SELECT org_id, wrapped FROM org_keys WHERE master_fingerprint = \(bind: oldPrint) ORDER BY org_id LIMIT 100
                    """).all()
            }
            if rows.isEmpty { break }
            for row in rows where done < limit {
                let org = try row.decode(column: "org_id", as: String.self)
                let context = KeyWrap.context(org: org, kind: "org")
                let key = try KeyWrap.unwrap(try row.decode(column: "wrapped", as: String.self), with: current, context: context)
                let rewrapped = try KeyWrap.wrap(key, with: next, context: context)
                try await database.transaction { db in
                    try await db.raw("""
                        UPDATE org_keys SET wrapped = \(bind: rewrapped), master_fingerprint = \(bind: newPrint)
                        WHERE org_id = \(bind: org) AND master_fingerprint = \(bind: oldPrint)
                        """).run()
                }
                done += 1
            }
        }
        let remaining = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM org_keys WHERE master_fingerprint = \(bind: oldPrint)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        if remaining == 0 {
            try await database.transaction { db in
                try await db.raw("UPDATE keyring_meta SET value = \(bind: newPrint) WHERE name = 'master_fingerprint'").run()
                try await db.raw("DELETE FROM keyring_meta WHERE name = 'rotation_target'").run()
            }
        }
        return Result(rewrapped: done, newFingerprint: newPrint, resumed: resumed)
    }

    /// True when a rotation was started and not finished.
    public static func isUnfinished(_ database: Database) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT value FROM keyring_meta WHERE name = 'rotation_target'").first() != nil
        }
    }
}
