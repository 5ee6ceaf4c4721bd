import Crypto
import Foundation
import Logging
import ParleyCore
import ParleyKeyring
import ParleyStorage
import SQLKit

/// Writes audit events to an outbox (cheap, never serialised across requests) and links them
/// into per-organization MAC chains in batches (`link`), which one chain builder runs.
public struct AuditLog: Sendable {
    let database: Database
    let key: SymmetricKey
    let clock: any WallClock

    /// The key scope in the keyring's hierarchy: wrapped by the master key, so rotation re-wraps it.
    public static let keyScope = "audit"

    public init(database: Database, key: SymmetricKey, clock: any WallClock) {
        self.database = database
        self.key = key
        self.clock = clock
    }

    public static func open(database: Database, keyring: Keyring, clock: any WallClock) async throws -> AuditLog {
        AuditLog(database: database, key: try await keyring.orgKey(keyScope), clock: clock)
    }

    /// Queues an event (inside `db`'s transaction when the caller has one).
    public func record(_ event: AuditEvent, in db: any SQLDatabase) async throws {
        try await record([event], in: db)
    }

    /// Queues events in one statement per `rowsPerStatement` (inside `db`'s transaction).
    public func record(_ events: [AuditEvent], in db: any SQLDatabase) async throws {
        var start = events.startIndex
        while start < events.endIndex {
            let chunk = events[start..<min(start + Self.rowsPerStatement, events.endIndex)]
            var values: [SQLQueryString] = []
            values.reserveCapacity(chunk.count)
            for event in chunk {
                let ip = try event.clientIP.map { try FieldCipher.seal($0, key: key, context: "audit.ip") }
                values.append("""
                    (\(bind: ResourceID.make("aud", timeMicros: clock.nowMicros())), \(bind: event.chain), \(bind: event.orgID),
                     \(bind: event.actor), \(bind: event.action), \(bind: event.target), \(bind: event.outcome),
                     \(bind: event.requestID), \(bind: event.atMicros), \(bind: ip))
                    """)
            }
            try await db.raw("""
                INSERT INTO audit_outbox (id, chain, org_id, actor, action, target, outcome, request_id, at_micros, client_ip_enc)
                VALUES \(values.joined(separator: ", "))
                """).run()
            start = chunk.endIndex
        }
    }

    /// Rows per multi-row INSERT: 12 binds a row stays far below SQLite's and PostgreSQL's limits.
    static let rowsPerStatement = 200

    /// Queues an event in a transaction of its own.
    public func record(_ event: AuditEvent) async throws {
        try await record([event])
    }

    /// Queues events in one transaction of their own.
    public func record(_ events: [AuditEvent]) async throws {
        try await CommitHook.suspended {
            try await database.transaction { db in try await record(events, in: db) }
        }
    }

    /// Moves up to `batch` outbox events into their chains. On PostgreSQL only one node links at
    /// a time (transaction-scoped advisory lock); others skip the round. Returns how many were linked.
    @discardableResult
    public func link(batch: Int = 1_000) async throws -> Int {
        let key = self.key
        let flavor = database.flavor
        return try await CommitHook.suspended { try await database.transaction { db in
            if flavor == .postgres {
                let got = try await db.raw("SELECT pg_try_advisory_xact_lock(123640900365691) AS got").first()?.decode(column: "got", as: Bool.self) ?? false
                if !got { return 0 }
            }
            let rows = try await db.raw("SELECT * FROM audit_outbox ORDER BY id LIMIT \(bind: batch)").all()
            if rows.isEmpty { return 0 }
            var heads: [String: (seq: Int64, mac: String)] = [:]
            var entries: [SQLQueryString] = []
            var linked: [any Encodable & Sendable] = []
            entries.reserveCapacity(rows.count)
            linked.reserveCapacity(rows.count)
            for row in rows {
                let chain = try row.decode(column: "chain", as: String.self)
                if heads[chain] == nil {
                    let head = try await db.raw("SELECT seq, mac FROM audit_entries WHERE chain = \(bind: chain) ORDER BY seq DESC LIMIT 1").first()
                    heads[chain] = try head.map { (Int64(try $0.decode(column: "seq", as: Int.self)), try $0.decode(column: "mac", as: String.self)) }
                        ?? (0, AuditChain.genesis)
                }
                let event = try Self.event(row)
                let (seq, previous) = (heads[chain]!.seq + 1, heads[chain]!.mac)
                let mac = AuditChain.mac(key: key, chain: chain, seq: seq, event: event, previousMAC: previous)
                entries.append("""
                    (\(bind: chain), \(bind: seq), \(bind: event.orgID), \(bind: event.actor), \(bind: event.action), \(bind: event.target),
                     \(bind: event.outcome), \(bind: event.requestID), \(bind: event.atMicros), \(bind: previous), \(bind: mac),
                     \(bind: try row.decode(column: "client_ip_enc", as: String?.self)))
                    """)
                linked.append(try row.decode(column: "id", as: String.self))
                heads[chain] = (seq, mac)
            }
            // Several rows per statement: linking must keep up with thousands of events a second
            // on SQLite's single writer. Rows are deleted by id (a row with an earlier id may
            // commit after this snapshot was read; it waits for the next round).
            var start = 0
            while start < entries.count {
                let end = min(start + Self.rowsPerStatement, entries.count)
                try await db.raw("""
                    INSERT INTO audit_entries (chain, seq, org_id, actor, action, target, outcome, request_id, at_micros, prev_mac, mac, client_ip_enc)
                    VALUES \(entries[start..<end].joined(separator: ", "))
                    """).run()
                try await db.raw("DELETE FROM audit_outbox WHERE id IN (\(binds: Array(linked[start..<end])))").run()
                start = end
            }
            return rows.count
        } }
    }

    static func event(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(orgID: try row.decode(column: "org_id", as: String?.self), actor: try row.decode(column: "actor", as: String.self),
                   action: try row.decode(column: "action", as: String.self), target: try row.decode(column: "target", as: String.self),
                   outcome: try row.decode(column: "outcome", as: String.self), requestID: try row.decode(column: "request_id", as: String.self),
                   atMicros: Int64(try row.decode(column: "at_micros", as: Int.self)))
    }

    /// The current head of every chain.
    public func heads() async throws -> [(chain: String, seq: Int64, mac: String)] {
        try await database.read { db in
            try await db.raw("""
                SELECT e.chain, e.seq, e.mac FROM audit_entries e
                JOIN (SELECT chain, MAX(seq) AS top FROM audit_entries GROUP BY chain) h ON h.chain = e.chain AND h.top = e.seq
                ORDER BY e.chain
                """).all().map { (try $0.decode(column: "chain", as: String.self), Int64(try $0.decode(column: "seq", as: Int.self)),
                                  try $0.decode(column: "mac", as: String.self)) }
        }
    }

    /// Decrypts an entry's client IP (for auditors).
    public func clientIP(_ sealed: String?) -> String? {
        sealed.flatMap { try? FieldCipher.open($0, key: key, context: "audit.ip") }
    }
}
