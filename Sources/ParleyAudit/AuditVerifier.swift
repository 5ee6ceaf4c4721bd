import Foundation
import ParleyCore
import SQLKit

/// Recomputes every chain with the audit key and compares against the last checkpoints.
public struct AuditVerifier: Sendable {
    let log: AuditLog
    let checkpoints: AuditCheckpoints?

    public init(log: AuditLog, checkpoints: AuditCheckpoints?) {
        self.log = log
        self.checkpoints = checkpoints
    }

    public struct Report: Sendable, Equatable {
        public var chains: Int
        public var entries: Int
        /// The first problem found, naming the chain and entry; nil when everything verifies.
        public var problem: String?
        public var ok: Bool { problem == nil }
    }

    public func verify() async throws -> Report {
        let key = log.key
        let chains = try await log.database.read { db in
            try await db.raw("SELECT DISTINCT chain FROM audit_entries ORDER BY chain").all().map { try $0.decode(column: "chain", as: String.self) }
        }
        var entries = 0
        let marks = try checkpoints?.latest()
        if let forged = marks?.forged, forged > 0 {
            return Report(chains: chains.count, entries: 0, problem: "\(forged) checkpoint line(s) have a bad signature")
        }
        for chain in chains {
            let rows = try await log.database.read { db in
                try await db.raw("SELECT * FROM audit_entries WHERE chain = \(bind: chain) ORDER BY seq").all()
            }
            var previous = AuditChain.genesis
            var expected: Int64 = 1
            for row in rows {
                let seq = Int64(try row.decode(column: "seq", as: Int.self))
                guard seq == expected else {
                    return Report(chains: chains.count, entries: entries, problem: "chain \(chain): entry \(expected) is missing (next is \(seq))")
                }
                let event = try AuditLog.event(row)
                let storedPrev = try row.decode(column: "prev_mac", as: String.self)
                let mac = try row.decode(column: "mac", as: String.self)
                guard storedPrev == previous,
                      SecureToken.constantTimeEquals(AuditChain.mac(key: key, chain: chain, seq: seq, event: event, previousMAC: previous), mac) else {
                    return Report(chains: chains.count, entries: entries, problem: "chain \(chain): entry \(seq) was modified, moved or forged")
                }
                previous = mac
                expected += 1
                entries += 1
            }
            if let mark = marks?.checkpoints[chain] {
                let last = expected - 1
                if last < mark.seq {
                    return Report(chains: chains.count, entries: entries,
                                  problem: "chain \(chain): truncated — the checkpoint records entry \(mark.seq), the log ends at \(last)")
                }
                let atMark = rows.first { (try? $0.decode(column: "seq", as: Int.self)) == Int(mark.seq) }
                if try atMark?.decode(column: "mac", as: String.self) != mark.mac {
                    return Report(chains: chains.count, entries: entries, problem: "chain \(chain): entry \(mark.seq) differs from its checkpoint")
                }
            }
        }
        for (chain, mark) in marks?.checkpoints ?? [:] where !chains.contains(chain) {
            return Report(chains: chains.count, entries: entries, problem: "chain \(chain): deleted — the checkpoint records entry \(mark.seq)")
        }
        return Report(chains: chains.count, entries: entries, problem: nil)
    }
}
