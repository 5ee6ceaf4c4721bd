import Foundation
import Logging
import ParleyCore

/// Signed checkpoints of chain heads, appended to a file outside the database (and logged), so
/// cutting entries off the end of a chain is detected by `AuditVerifier`.
public struct AuditCheckpoints: Sendable {
    public let path: String
    let log: AuditLog
    let logger: Logger

    public init(path: String, log: AuditLog, logger: Logger) {
        self.path = path
        self.log = log
        self.logger = logger
    }

    public struct Checkpoint: Codable, Sendable, Equatable {
        public var chain: String
        public var seq: Int64
        public var mac: String
        public var at: Int64
        public var sig: String
    }

    /// Appends the current head of every chain.
    public func write() async throws {
        let now = log.clock.nowMicros()
        var lines = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for head in try await log.heads() {
            let cp = Checkpoint(chain: head.chain, seq: head.seq, mac: head.mac, at: now,
                                sig: AuditChain.checkpointMAC(key: log.key, chain: head.chain, seq: head.seq, mac: head.mac, atMicros: now))
            lines += String(decoding: try encoder.encode(cp), as: UTF8.self) + "\n"
            logger.info("audit checkpoint", metadata: ["audit.chain": .string(cp.chain), "audit.seq": .stringConvertible(cp.seq), "audit.mac": .string(cp.mac)])
        }
        guard !lines.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ParleyError(.storage, "cannot write audit checkpoints to \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.utf8))
        try handle.synchronize()
    }

    /// The latest valid checkpoint per chain (lines with a bad signature are reported as tampering).
    public func latest() throws -> (checkpoints: [String: Checkpoint], forged: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([:], 0) }
        var result: [String: Checkpoint] = [:]
        var forged = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let cp = try? JSONDecoder().decode(Checkpoint.self, from: Data(line.utf8)) else { forged += 1; continue }
            guard AuditChain.checkpointMAC(key: log.key, chain: cp.chain, seq: cp.seq, mac: cp.mac, atMicros: cp.at) == cp.sig else {
                forged += 1
                continue
            }
            if (result[cp.chain]?.seq ?? -1) <= cp.seq { result[cp.chain] = cp }
        }
        return (result, forged)
    }
}
