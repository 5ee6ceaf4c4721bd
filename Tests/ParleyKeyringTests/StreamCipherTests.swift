import Crypto
import Foundation
@testable import ParleyKeyring
import Testing

@Suite struct StreamCipherTests {
    static func encrypt(_ plain: [UInt8], key: SymmetricKey, flushEvery: Int = 10_000) throws -> [UInt8] {
        var enc = StreamEncryptor(key: key)
        var out = enc.headerBytes
        var i = 0
        while i < plain.count {
            let chunk = plain[i..<min(i + flushEvery, plain.count)]
            out += try enc.append(chunk)
            out += try enc.flush()
            i += flushEvery
        }
        out += try enc.finish()
        return out
    }

    static func decrypt(_ bytes: [UInt8], key: SymmetricKey, allowUnfinished: Bool = false) throws -> ([UInt8], StreamDecryptor.Scan) {
        var offset = 0
        var plain: [UInt8] = []
        let scan = try StreamDecryptor(key: key) { n in
            let end = min(offset + n, bytes.count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }.decrypt(allowUnfinished: allowUnfinished) { plain += $0 }
        return (plain, scan)
    }

    static func random(_ n: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Offsets of each segment's length field.
    static func segmentOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var o = StreamFormat.headerSize
        while o + 4 <= bytes.count {
            offsets.append(o)
            o += 4 + bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        return offsets
    }

    /// Whole segments sealed straight from the caller's bytes and tails buffered across calls
    /// give the same stream, whatever the chunking.
    @Test func anyChunkingGivesTheSamePlaintextAndSegments() throws {
        let key = SymmetricKey(size: .bits256)
        let plain = Self.random(3 * StreamFormat.maxSegmentPlaintext + 1_234)
        for sizes in [[plain.count], [1, 2 * StreamFormat.maxSegmentPlaintext, 70_000], [StreamFormat.maxSegmentPlaintext, 5, 100_000], [999]] {
            var enc = StreamEncryptor(key: key)
            var out = enc.headerBytes
            var i = 0, n = 0
            while i < plain.count {
                let size = sizes[n % sizes.count]
                out += try enc.append(plain[i..<min(i + size, plain.count)])
                i += size
                n += 1
            }
            out += try enc.finish()
            let (back, _) = try Self.decrypt(out, key: key)
            #expect(back == plain, "chunks \(sizes)")
            #expect(Self.segmentOffsets(out).count == 4, "three full segments and the final one with the tail (chunks \(sizes))")
        }
    }

    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 300_000])
    func roundTrips(_ size: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let plain = Self.random(size)
        for flush in [7_000, 65_536, 1 << 20] {
            let (back, scan) = try Self.decrypt(try Self.encrypt(plain, key: key, flushEvery: flush), key: key)
            #expect(back == plain)
            #expect(scan.finished)
        }
    }

    @Test func segmentsNeverExceed64KiB() throws {
        let bytes = try Self.encrypt(Self.random(500_000), key: SymmetricKey(size: .bits256), flushEvery: 1 << 20)
        let offsets = Self.segmentOffsets(bytes)
        #expect(offsets.count >= 8)
        for o in offsets {
            #expect(bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } <= 65_536 + 16)
        }
    }

    @Test func truncationIsDetectedAndThePrefixStaysReadable() throws {
        let key = SymmetricKey(size: .bits256)
        let plain = Self.random(50_000)
        let bytes = try Self.encrypt(plain, key: key, flushEvery: 10_000)
        let offsets = Self.segmentOffsets(bytes)
        // Cut at the start of the final segment: every complete segment is still there.
        let cut = Array(bytes[..<offsets.last!])
        #expect(throws: StreamCipherError(.truncated, segment: offsets.count - 1)) { _ = try Self.decrypt(cut, key: key) }
        let (prefix, scan) = try Self.decrypt(cut, key: key, allowUnfinished: true)
        #expect(prefix == Array(plain.prefix(prefix.count)))
        #expect(prefix.count == 50_000, "the final segment was empty; all data precedes it")
        #expect(!scan.finished)
        // A cut in the middle of a segment.
        let torn = Array(bytes[..<(offsets[2] + 10)])
        #expect(throws: StreamCipherError.self) { _ = try Self.decrypt(torn, key: key) }
        let (tornPrefix, _) = try Self.decrypt(torn, key: key, allowUnfinished: true)
        #expect(tornPrefix == Array(plain.prefix(20_000)))
    }

    @Test func bitFlipsAnywhereAreDetected() throws {
        let key = SymmetricKey(size: .bits256)
        let bytes = try Self.encrypt(Self.random(30_000), key: key)
        for position in stride(from: 0, to: bytes.count, by: 997) {
            var tampered = bytes
            tampered[position] ^= 0x01
            #expect(throws: (any Error).self, "flip at \(position)") { _ = try Self.decrypt(tampered, key: key) }
        }
    }

    @Test func reorderedOrDroppedSegmentsAreDetected() throws {
        let key = SymmetricKey(size: .bits256)
        let bytes = try Self.encrypt(Self.random(40_000), key: key, flushEvery: 10_000)
        let o = Self.segmentOffsets(bytes)
        let header = Array(bytes[..<o[0]])
        func segment(_ i: Int) -> [UInt8] { Array(bytes[o[i]..<(i + 1 < o.count ? o[i + 1] : bytes.count)]) }
        let swapped = header + segment(1) + segment(0) + (2..<o.count).flatMap(segment)
        #expect(throws: StreamCipherError(.corrupted, segment: 0)) { _ = try Self.decrypt(swapped, key: key) }
        let dropped = header + segment(0) + (2..<o.count).flatMap(segment)
        #expect(throws: StreamCipherError(.corrupted, segment: 1)) { _ = try Self.decrypt(dropped, key: key) }
        #expect(throws: StreamCipherError(.trailingData, segment: o.count)) { _ = try Self.decrypt(bytes + [0], key: key) }
    }

    @Test func aWrongKeyOrForeignDataFails() throws {
        let bytes = try Self.encrypt(Self.random(1000), key: SymmetricKey(size: .bits256))
        #expect(throws: StreamCipherError(.corrupted, segment: 0)) { _ = try Self.decrypt(bytes, key: SymmetricKey(size: .bits256)) }
        #expect(throws: StreamCipherError(.badHeader)) { _ = try Self.decrypt(Array("RIFF....WAVEfmt ".utf8), key: SymmetricKey(size: .bits256)) }
        #expect(throws: StreamCipherError(.badHeader)) { _ = try Self.decrypt([], key: SymmetricKey(size: .bits256)) }
    }
}
