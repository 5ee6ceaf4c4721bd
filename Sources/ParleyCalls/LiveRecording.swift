import Crypto
import ParleyCore

/// Owns a call's `RecordingWriter` off the frame path: the transport's timer calls
/// `flush` every 200 ms and `finish` at hang-up. A write error stops the recording
/// (logged by the caller), never the call.
public actor LiveRecording {
    private let writer: RecordingWriter
    public private(set) var failure: String?
    private var finished = false

    public init(spool: RecordingSpool, store: any BlobStore, name: String, key: SymmetricKey) throws {
        writer = try RecordingWriter(spool: spool, store: store, name: name, key: key)
    }

    public func flush() {
        guard !finished, failure == nil else { return }
        do { try writer.flush() } catch { failure = "\(error)" }
    }

    /// Writes the final segment; returns the plaintext size.
    public func finish() throws -> Int64 {
        if !finished {
            finished = true
            try writer.finish()
        }
        return writer.writtenBytes
    }
}
