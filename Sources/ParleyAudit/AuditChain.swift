import Crypto
import Foundation
import ParleyCore

/// The MAC chain. Each entry's MAC is HMAC-SHA256(audit key, canonical encoding), where the
/// canonical encoding is the version tag and the chained fields, each as a 4-byte big-endian
/// length followed by its UTF-8 bytes, in this order: version, chain, seq, actor, action,
/// target, org, time (integer µs), request id, outcome, previous MAC (hex; 64 zeros first).
public enum AuditChain {
    public static let systemChain = "system"
    public static let version = "parley-audit-v1"
    public static let genesis = String(repeating: "0", count: 64)

    public static func canonical(chain: String, seq: Int64, event: AuditEvent, previousMAC: String) -> [UInt8] {
        var out: [UInt8] = []
        for field in [version, chain, String(seq), event.actor, event.action, event.target, event.orgID ?? "",
                      String(event.atMicros), event.requestID, event.outcome, previousMAC] {
            let bytes = Array(field.utf8)
            let n = UInt32(bytes.count)
            out += [UInt8(n >> 24 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
            out += bytes
        }
        return out
    }

    public static func mac(key: SymmetricKey, chain: String, seq: Int64, event: AuditEvent, previousMAC: String) -> String {
        SecureToken.hex(HMAC<SHA256>.authenticationCode(for: canonical(chain: chain, seq: seq, event: event, previousMAC: previousMAC), using: key))
    }

    /// The MAC of a checkpoint line (chain head at a time), so a checkpoint file can't be forged either.
    public static func checkpointMAC(key: SymmetricKey, chain: String, seq: Int64, mac: String, atMicros: Int64) -> String {
        let text = "checkpoint|\(chain)|\(seq)|\(mac)|\(atMicros)"
        return SecureToken.hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }
}
