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
        precondition(!finished, "append after finish")
        var out: [UInt8] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(StreamFormat.maxSegmentPlaintext - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            if buffer.count == StreamFormat.maxSegmentPlaintext {
                out += try seal(final: false)
            }
        }
        return out
    }

    /// Emits buffered plaintext as a (short) segment, if any.
    public mutating func flush() throws -> [UInt8] {
        buffer.isEmpty ? [] : try seal(final: false)
    }

    /// Emits the final segment (possibly empty). Nothing may be appended afterwards.
    public mutating func finish() throws -> [UInt8] {
        let out = try seal(final: true)
        finished = true
        return out
    }

    private mutating func seal(final: Bool) throws -> [UInt8] {
        guard counter < UInt32.max else { throw ParleyError(.internal, "stream too long") }
        let nonce = try StreamFormat.nonce(prefix: prefix, counter: counter, final: final)
        let box = try AES.GCM.seal(buffer, using: key, nonce: nonce, authenticating: header)
        counter += 1
        buffer.removeAll(keepingCapacity: true)
        let body = Array(box.ciphertext) + Array(box.tag)
        return StreamFormat.lengthBytes(body.count) + body
    }
}
