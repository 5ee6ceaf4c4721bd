/// Where large binary objects (recordings, exports) live. Names are relative paths made of
/// `[A-Za-z0-9._/-]` without `..`; implementations: a local directory now, S3 later.
public protocol BlobStore: Sendable {
    /// Creates a new, empty blob; fails if it exists.
    func create(_ name: String) throws -> any BlobAppender
    /// Opens an existing blob for appending after truncating it to `length` bytes.
    func append(to name: String, truncatingTo length: Int) throws -> any BlobAppender
    /// Opens a blob for sequential reading.
    func reader(_ name: String) throws -> any BlobReader
    func exists(_ name: String) -> Bool
    func delete(_ name: String) throws
}

/// Appends bytes to one blob.
public protocol BlobAppender: AnyObject {
    func write(_ bytes: [UInt8]) throws
    /// Makes written bytes durable (fsync).
    func sync() throws
    func close() throws
}

/// Reads one blob front to back.
public protocol BlobReader: AnyObject {
    /// Up to `count` bytes; fewer only at the end.
    func read(_ count: Int) throws -> [UInt8]
    func close()
}
