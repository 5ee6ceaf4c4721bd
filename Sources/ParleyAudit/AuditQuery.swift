import ParleyCore
import ParleyStorage
import SQLKit

/// Reading an organization's audit chain, newest first, with simple filters.
public struct AuditQuery: Sendable {
    let log: AuditLog

    public init(log: AuditLog) { self.log = log }

    public struct Entry: Sendable {
        public var seq: Int64
        public var event: AuditEvent
        public var mac: String
    }

    /// Entries of `org`'s chain with `seq` below `before` (cursor), optionally filtered by actor or action prefix.
    public func entries(org: String, before: Int64?, limit: Int, actor: String?, actionPrefix: String?) async throws -> [Entry] {
        let rows = try await log.database.read { db in
            try await db.raw("""
                SELECT * FROM audit_entries WHERE chain = \(bind: org) AND seq < \(bind: before ?? Int64.max)
                  AND (\(bind: actor) IS NULL OR actor = \(bind: actor))
                  AND (\(bind: actionPrefix) IS NULL OR action LIKE \(bind: (actionPrefix ?? "") + "%"))
                ORDER BY seq DESC LIMIT \(bind: limit)
                """).all()
        }
        return try rows.map { row in
            var event = try AuditLog.event(row)
            event.clientIP = log.clientIP(try row.decode(column: "client_ip_enc", as: String?.self))
            return Entry(seq: Int64(try row.decode(column: "seq", as: Int.self)), event: event, mac: try row.decode(column: "mac", as: String.self))
        }
    }
}
