import Crypto
import Foundation
import ParleyCore

/// Encrypts a byte stream into segments (see `StreamFormat`) in constant memory.
/// Call `append` with data as it arrives, `flush` at least every 200 ms for live recordings
/// (so a crash loses at most that much), and `finish` once at the end.
public struct StreamEncryptor: Sendable {
    private let key: SymmetricKey
    private let prefix: [UInt8]
    private let header: [UInt8]
    private var counter: UInt32
    private var buffer: [UInt8] = []
    private var finished = false

    /// The header to write before the first segment.
    public var headerBytes: [UInt8] { header }

    /// Segments written so far.
    public var segmentCount: Int { Int(counter) }

    public init(key: SymmetricKey) {
        var rng = SystemRandomNumberGenerator()
        self.init(key: key, prefix: (0..<7).map { _ in UInt8.random(in: 0...255, using: &rng) }, counter: 0)
    }

    /// Continues an existing stream (crash recovery) after `counter` valid segments.
    init(key: SymmetricKey, prefix: [UInt8], counter: UInt32) {
        self.key = key
        self.prefix = prefix
        self.header = StreamFormat.header(prefix: prefix)
        self.counter = counter
        buffer.reserveCapacity(StreamFormat.maxSegmentPlaintext)
    }

    /// Adds plaintext; returns any full segments ready to write.
    public mutating func append(_ bytes: some Collection<UInt8>) throws -> [UInt8] {
        if let out = try bytes.withContiguousStorageIfAvailable({ try append(UnsafeRawBufferPointer($0)) }) { return out }
        return try Array(bytes).withUnsafeBytes { try append($0) }
    }

    /// Adds plaintext from memory; returns any full segments ready to write. Whole segments are
    /// sealed straight from `bytes`; only a tail shorter than a segment is copied into the buffer.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) throws -> [UInt8] {
        precondition(!finished, "append after finish")
        var out: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let take = min(StreamFormat.maxSegmentPlaintext - buffer.count, bytes.count - offset)
            let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)])
            offset += take
            if buffer.isEmpty && take == StreamFormat.maxSegmentPlaintext {
                try seal(piece, final: false, into: &out)
                continue
            }
            buffer.append(contentsOf: piece)
            if buffer.count == StreamFormat.maxSegmentPlaintext {
                try sealBuffer(final: false, into: &out)
            }
        }
        return out
    }

    /// Emits buffered plaintext as a (short) segment, if any.
    public mutating func flush() throws -> [UInt8] {
        var out: [UInt8] = []
        if !buffer.isEmpty { try sealBuffer(final: false, into: &out) }
        return out
    }

    /// Emits the final segment (possibly empty). Nothing may be appended afterwards.
    public mutating func finish() throws -> [UInt8] {
        var out: [UInt8] = []
        try sealBuffer(final: true, into: &out)
        finished = true
        return out
    }

    private mutating func sealBuffer(final: Bool, into out: inout [UInt8]) throws {
        let plaintext = buffer
        try plaintext.withUnsafeBytes { try seal($0, final: final, into: &out) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends one segment (length, ciphertext, tag) sealing `plaintext` to `out`.
    private mutating func seal(_ plaintext: UnsafeRawBufferPointer, final: Bool, into out: inout [UInt8]) throws {
        guard counter < UInt32.max else { throw ParleyError(.internal, "stream too long") }
        let nonce = try StreamFormat.nonce(prefix: prefix, counter: counter, final: final)
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: header)
        counter += 1
        let length = box.ciphertext.count + StreamFormat.tagSize
        out.reserveCapacity(out.count + 4 + length)
        out.append(contentsOf: StreamFormat.lengthBytes(length))
        box.ciphertext.withUnsafeBytes { out.append(contentsOf: $0) }
        box.tag.withUnsafeBytes { out.append(contentsOf: $0) }
    }
}
