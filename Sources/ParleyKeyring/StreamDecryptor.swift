import Crypto
import Foundation

/// Reads a Parley encrypted stream segment by segment from any source of bytes, in constant
/// memory, and reports truncation, tampering and reordering as `StreamCipherError`s.
public struct StreamDecryptor {
    /// Something to read bytes from: `read(count)` returns fewer bytes only at the end.
    public typealias Read = (_ count: Int) throws -> [UInt8]

    private let key: SymmetricKey
    private let read: Read

    public init(key: SymmetricKey, read: @escaping Read) {
        self.key = key
        self.read = read
    }

    /// What a scan found: how many segments authenticate, where the last one ends, and whether
    /// the stream was finished. Used to read a crashed recording's prefix and to finalise it.
    public struct Scan: Sendable, Equatable {
        public var prefix: [UInt8]
        public var validSegments: Int
        public var validBytes: Int
        public var finished: Bool
    }

    /// Decrypts every segment, handing plaintext to `sink`. Throws on any defect; with
    /// `allowUnfinished`, a stream that simply stops after a valid segment ends quietly
    /// (a live or crashed recording) and the returned scan says it was not finished.
    @discardableResult
    public func decrypt(allowUnfinished: Bool = false, _ sink: ([UInt8]) throws -> Void) throws -> Scan {
        let header = try read(StreamFormat.headerSize)
        guard header.count == StreamFormat.headerSize, Array(header.prefix(7)) == StreamFormat.magic,
              header[7] == StreamFormat.version else {
            throw StreamCipherError(.badHeader)
        }
        let prefix = Array(header.suffix(7))
        var counter: UInt32 = 0
        var offset = StreamFormat.headerSize
        while true {
            let lengthBytes = try read(4)
            if lengthBytes.isEmpty {
                if allowUnfinished { return Scan(prefix: prefix, validSegments: Int(counter), validBytes: offset, finished: false) }
                throw StreamCipherError(.truncated, segment: Int(counter))
            }
            guard lengthBytes.count == 4 else {
                if allowUnfinished { return Scan(prefix: prefix, validSegments: Int(counter), validBytes: offset, finished: false) }
                throw StreamCipherError(.truncated, segment: Int(counter))
            }
            let length = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
            guard length >= StreamFormat.tagSize, length <= StreamFormat.maxSegmentPlaintext + StreamFormat.tagSize else {
                throw StreamCipherError(.corrupted, segment: Int(counter))
            }
            let body = try read(length)
            guard body.count == length else {
                if allowUnfinished { return Scan(prefix: prefix, validSegments: Int(counter), validBytes: offset, finished: false) }
                throw StreamCipherError(.truncated, segment: Int(counter))
            }
            let (plain, final) = try open(body, prefix: prefix, header: header, counter: counter)
            try sink(plain)
            counter += 1
            offset += 4 + length
            if final {
                guard try read(1).isEmpty else { throw StreamCipherError(.trailingData, segment: Int(counter)) }
                return Scan(prefix: prefix, validSegments: Int(counter), validBytes: offset, finished: true)
            }
        }
    }

    private func open(_ body: [UInt8], prefix: [UInt8], header: [UInt8], counter: UInt32) throws -> ([UInt8], Bool) {
        let ciphertext = body.prefix(body.count - StreamFormat.tagSize)
        let tag = body.suffix(StreamFormat.tagSize)
        for final in [false, true] {
            guard let nonce = try? StreamFormat.nonce(prefix: prefix, counter: counter, final: final),
                  let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag),
                  let plain = try? AES.GCM.open(box, using: key, authenticating: header) else { continue }
            return (Array(plain), final)
        }
        throw StreamCipherError(.corrupted, segment: Int(counter))
    }
}
