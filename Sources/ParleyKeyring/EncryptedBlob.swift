import Crypto
import Foundation
import ParleyCore

/// Writes and reads stream-encrypted blobs (recordings, exports) through a `BlobStore`.
public final class EncryptedBlobWriter {
    private let appender: any BlobAppender
    private var encryptor: StreamEncryptor

    /// Starts a new encrypted blob.
    public init(store: any BlobStore, name: String, key: SymmetricKey) throws {
        appender = try store.create(name)
        encryptor = StreamEncryptor(key: key)
        try appender.write(encryptor.headerBytes)
    }

    private init(appender: any BlobAppender, encryptor: StreamEncryptor) {
        self.appender = appender
        self.encryptor = encryptor
    }

    public func append(_ bytes: some Collection<UInt8>) throws {
        let out = try encryptor.append(bytes)
        if !out.isEmpty { try appender.write(out) }
    }

    /// Seals what is buffered into a segment and makes it durable. Call at least every 200 ms
    /// for live audio: a crash then loses at most that much.
    public func flush(durable: Bool = true) throws {
        let out = try encryptor.flush()
        if !out.isEmpty { try appender.write(out) }
        if durable { try appender.sync() }
    }

    /// Writes the final segment and closes the blob.
    public func finish() throws {
        try appender.write(try encryptor.finish())
        try appender.sync()
        try appender.close()
    }

    /// After a crash: keeps every segment that authenticates, drops a torn tail, and finishes the
    /// blob so it reads normally. Returns the number of plaintext bytes kept; a finished blob is left alone.
    @discardableResult
    public static func recover(store: any BlobStore, name: String, key: SymmetricKey) throws -> Int {
        let reader = try store.reader(name)
        defer { reader.close() }
        var kept = 0
        let scan = try StreamDecryptor(key: key, read: reader.read).decrypt(allowUnfinished: true) { kept += $0.count }
        if scan.finished { return kept }
        let appender = try store.append(to: name, truncatingTo: scan.validBytes)
        let writer = EncryptedBlobWriter(
            appender: appender, encryptor: StreamEncryptor(key: key, prefix: scan.prefix, counter: UInt32(scan.validSegments)))
        try writer.finish()
        return kept
    }

    /// Streams a blob's plaintext to `sink` in segments (constant memory).
    public static func read(store: any BlobStore, name: String, key: SymmetricKey, allowUnfinished: Bool = false,
                            _ sink: ([UInt8]) throws -> Void) throws {
        let reader = try store.reader(name)
        defer { reader.close() }
        try StreamDecryptor(key: key, read: reader.read).decrypt(allowUnfinished: allowUnfinished, sink)
    }
}
