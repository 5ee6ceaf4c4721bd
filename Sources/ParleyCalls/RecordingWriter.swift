import Crypto
import ParleyCore
import ParleyKeyring

/// The I/O side of a call recording: drains a `RecordingSpool` into an append-only,
/// stream-encrypted blob (`recordings/<org>/<call>.prly`, PCM16 LE stereo). Call `flush`
/// every 200 ms of audio (a crash loses at most that), and `finish` at hang-up.
/// After a crash `EncryptedBlobWriter.recover` finishes the blob up to the last segment.
public final class RecordingWriter {
    public static func blobName(org: String, call: String) -> String { "recordings/\(org)/\(call).prly" }

    private let spool: RecordingSpool
    private let blob: EncryptedBlobWriter
    private var batch: [Int16] = []
    private var bytes: [UInt8] = []
    /// Plaintext bytes written so far.
    public private(set) var writtenBytes: Int64 = 0
    private var flushesSinceSync = 0

    public init(spool: RecordingSpool, store: any BlobStore, name: String, key: SymmetricKey) throws {
        self.spool = spool
        blob = try EncryptedBlobWriter(store: store, name: name, key: key)
    }

    /// Writes what the frame path spooled as one sealed segment. The data reaches the
    /// file at once (a killed process loses nothing written); `fsync` runs every
    /// `syncEvery` flushes so a thousand live calls don't each sync five times a second.
    public func flush(syncEvery: Int = 25) throws {
        spool.drain(into: &batch)
        guard !batch.isEmpty else { return }
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(batch.count * 2)
        for sample in batch {
            let value = UInt16(bitPattern: sample)
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        try blob.append(bytes)
        flushesSinceSync += 1
        let sync = flushesSinceSync >= syncEvery
        if sync { flushesSinceSync = 0 }
        try blob.flush(durable: sync)
        writtenBytes += Int64(bytes.count)
    }

    /// Writes the rest and the final segment.
    public func finish() throws {
        try flush(syncEvery: 1)
        try blob.finish()
    }
}
