import Crypto
import Foundation

/// The on-disk layout of a Parley encrypted stream (a STREAM construction, after Hoang,
/// Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
/// Misuse-Resistance", 2015):
///
///     header  = "PRLYSTR" | version (1) | nonce prefix (7)                       15 bytes
///     segment = length (UInt32 BE, ciphertext + tag) | AES-256-GCM(ciphertext | tag)
///     nonce_i = nonce prefix (7) | i (UInt32 BE) | final flag (1: 0x00 or 0x01)
///     AAD     = header
///
/// Segment plaintexts are at most 64 KiB. Reordering or dropping segments changes the counter,
/// a bit flip breaks the tag, and a stream without a final-flagged segment is truncated.
public enum StreamFormat {
    public static let magic = Array("PRLYSTR".utf8)
    public static let version: UInt8 = 1
    public static let headerSize = 15
    public static let maxSegmentPlaintext = 64 * 1024
    public static let tagSize = 16

    static func header(prefix: [UInt8]) -> [UInt8] {
        magic + [version] + prefix
    }

    static func nonce(prefix: [UInt8], counter: UInt32, final: Bool) throws -> AES.GCM.Nonce {
        var bytes = prefix
        bytes.append(UInt8(truncatingIfNeeded: counter >> 24))
        bytes.append(UInt8(truncatingIfNeeded: counter >> 16))
        bytes.append(UInt8(truncatingIfNeeded: counter >> 8))
        bytes.append(UInt8(truncatingIfNeeded: counter))
        bytes.append(final ? 1 : 0)
        return try AES.GCM.Nonce(data: bytes)
    }

    static func lengthBytes(_ n: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
    }
}
