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
    /// One `link` at a time in this process (the chain builder, `parley audit verify`, tests).
    let linking = AsyncLock()

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
                    (\(bind: ResourceID.make("aud", timeMicros: clock.nowMicros())), \(bind: event.chain), \(Self.value(event.orgID)),
                     \(bind: event.actor), \(bind: event.action), \(bind: event.target), \(bind: event.outcome),
                     \(bind: event.requestID), \(bind: event.atMicros), \(Self.value(ip)))
                    """)
            }
            try await db.raw("""
                INSERT INTO audit_outbox (id, chain, org_id, actor, action, target, outcome, request_id, at_micros, client_ip_enc)
                VALUES \(values.joined(separator: ", "))
                """).run()
            start = chunk.endIndex
        }
    }

    /// A bound string, or a NULL literal: binding an Optional takes the drivers' slow generic
    /// encoding path, thousands of times a second here.
    static func value(_ text: String?) -> SQLQueryString {
        if let text { return "\(bind: text)" }
        return "NULL"
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

    /// Moves up to `batch` outbox events into their chains and returns how many it linked.
    ///
    /// The outbox and the chain heads are read and the MACs computed before the write
    /// transaction, which then only inserts and deletes: SQLite's single writer (which every
    /// request's commit needs) is held for milliseconds, not for the whole batch. Inside it the
    /// heads are checked again; if another linker moved one (another node on PostgreSQL, which
    /// also takes a transaction-scoped advisory lock), the round is skipped and redone.
    @discardableResult
    public func link(batch: Int = 1_000) async throws -> Int {
        await linking.lock()
        defer { linking.unlock() }
        let key = self.key
        let flavor = database.flavor
        let (rows, heads) = try await database.read { db -> ([OutboxRow], [String: Head]) in
            let rows = try await db.raw("SELECT * FROM audit_outbox ORDER BY id LIMIT \(bind: batch)").all().map(OutboxRow.init)
            return (rows, try await Self.heads(of: Set(rows.map(\.event.chain)), in: db))
        }
        if rows.isEmpty { return 0 }
        var next = heads
        var entries: [SQLQueryString] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let event = row.event
            let previous = next[event.chain] ?? Head(seq: 0, mac: AuditChain.genesis)
            let seq = previous.seq + 1
            let mac = AuditChain.mac(key: key, chain: event.chain, seq: seq, event: event, previousMAC: previous.mac)
            entries.append("""
                (\(bind: event.chain), \(bind: seq), \(Self.value(event.orgID)), \(bind: event.actor), \(bind: event.action), \(bind: event.target),
                 \(bind: event.outcome), \(bind: event.requestID), \(bind: event.atMicros), \(bind: previous.mac), \(bind: mac), \(Self.value(row.clientIP)))
                """)
            next[event.chain] = Head(seq: seq, mac: mac)
        }
        let linked: [any Encodable & Sendable] = rows.map(\.id)
        let chains = Set(rows.map(\.event.chain))
        let values = entries
        return try await CommitHook.suspended { try await database.transaction { db in
            if flavor == .postgres {
                let got = try await db.raw("SELECT pg_try_advisory_xact_lock(123640900365691) AS got").first()?.decode(column: "got", as: Bool.self) ?? false
                if !got { return 0 }
            }
            guard try await Self.heads(of: chains, in: db) == heads else { return 0 }
            // Rows are deleted by id: a row with an earlier id may commit after the outbox was
            // read; it waits for the next round.
            var start = 0
            while start < values.count {
                let end = min(start + Self.rowsPerStatement, values.count)
                try await db.raw("""
                    INSERT INTO audit_entries (chain, seq, org_id, actor, action, target, outcome, request_id, at_micros, prev_mac, mac, client_ip_enc)
                    VALUES \(values[start..<end].joined(separator: ", "))
                    """).run()
                try await db.raw("DELETE FROM audit_outbox WHERE id IN (\(binds: Array(linked[start..<end])))").run()
                start = end
            }
            return rows.count
        } }
    }

    /// A chain's last entry.
    struct Head: Equatable, Sendable {
        var seq: Int64
        var mac: String
    }

    /// An outbox row, decoded.
    struct OutboxRow: Sendable {
        var id: String
        var event: AuditEvent
        var clientIP: String?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: String.self)
            event = try AuditLog.event(row)
            clientIP = try row.decode(column: "client_ip_enc", as: String?.self)
        }
    }

    /// The heads of `chains` that have entries (one indexed look-up each: a grouped MAX over
    /// the chains would scan them).
    static func heads(of chains: Set<String>, in db: any SQLDatabase) async throws -> [String: Head] {
        var heads: [String: Head] = [:]
        for chain in chains {
            let row = try await db.raw("SELECT seq, mac FROM audit_entries WHERE chain = \(bind: chain) ORDER BY seq DESC LIMIT 1").first()
            if let row {
                heads[chain] = Head(seq: Int64(try row.decode(column: "seq", as: Int.self)), mac: try row.decode(column: "mac", as: String.self))
            }
        }
        return heads
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
