import Foundation
import ParleyAudio
import Testing

@Suite struct WAVFileTests {
    @Test(arguments: [(8000, 1), (16000, 1), (44100, 2), (48000, 2), (8000, 3)])
    func roundTrip(sampleRate: Int, channels: Int) throws {
        var random = SeededRandom(seed: UInt64(sampleRate * channels))
        var samples = (0..<(channels * 997)).map { _ in Int16.random(in: .min ... .max, using: &random) }
        samples[0] = .min
        samples[1] = .max
        let file = try WAVFile(sampleRate: sampleRate, channelCount: channels, samples: samples)
        let bytes = try file.encoded()
        #expect(bytes.count == 44 + samples.count * 2)
        let parsed = try WAVFile(parsing: bytes)
        #expect(parsed == file)
        #expect(parsed.frameCount == 997 && parsed.sourceEncoding == .pcm16)
    }

    @Test func canonicalHeader() throws {
        let bytes = try WAVFile(sampleRate: 8000, channelCount: 2, samples: [1, -2]).encoded()
        let expected: [UInt8] = Array("RIFF".utf8) + [40, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 2, 0]
            + [0x40, 0x1F, 0, 0, 0, 0x7D, 0, 0, 4, 0, 16, 0] + Array("data".utf8) + [4, 0, 0, 0, 1, 0, 0xFE, 0xFF]
        #expect(bytes == expected)
    }

    @Test(arguments: [(G711.muLaw, UInt16(7)), (G711.aLaw, UInt16(6))])
    func readsG711(law: G711, tag: UInt16) throws {
        let codes = Array(UInt8.min...UInt8.max)
        let file = try WAVFile(parsing: WAVBytes.file(fmt: WAVBytes.fmt(tag: tag, channels: 1, rate: 8000, bits: 8), data: codes))
        #expect(file.samples == codes.map(law.decode))
        #expect(file.sourceEncoding == (law == .muLaw ? .muLaw : .aLaw))
        #expect(file.sampleRate == 8000 && file.channelCount == 1)
    }

    @Test func readsFloat32WithClippingAndNaN() throws {
        let values: [Float] = [0, 0.5, -0.5, 1, -1, 1.5, -2, .nan, .infinity, -.infinity, 1.0 / 32768, 0.25]
        let data = values.flatMap { WAVBytes.le32($0.bitPattern) }
        let file = try WAVFile(parsing: WAVBytes.file(fmt: WAVBytes.fmt(tag: 3, channels: 2, rate: 16000, bits: 32), data: data))
        #expect(file.samples == [0, 16384, -16384, 32767, -32768, 32767, -32768, 0, 32767, -32768, 1, 8192])
        #expect(file.sourceEncoding == .float32 && file.channelCount == 2 && file.frameCount == 6)
    }

    @Test(arguments: [(UInt16(1), UInt16(16), WAVFile.Encoding.pcm16), (3, 32, .float32), (7, 8, .muLaw)])
    func readsExtensible(subformat: UInt16, bits: UInt16, encoding: WAVFile.Encoding) throws {
        let fmt = WAVBytes.extensibleFmt(subformat: subformat, channels: 1, rate: 8000, bits: bits)
        let data = [UInt8](repeating: 0, count: 8)
        let file = try WAVFile(parsing: WAVBytes.file(fmt: fmt, data: data))
        #expect(file.sourceEncoding == encoding)
        #expect(file.samples.count == 8 / Int(bits / 8))
    }

    @Test func skipsUnknownChunksAndHonoursPadding() throws {
        let samples: [Int16] = [100, -100, 7]
        let data = samples.flatMap { WAVBytes.le16(UInt16(bitPattern: $0)) }
        let fmt = WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 16)
        let list = WAVBytes.chunk("LIST", Array("INFOISFT\u{5}\0\0\0parle".utf8))  // odd size, padded
        let fact = WAVBytes.chunk("fact", [3, 0, 0, 0])
        let padded = WAVBytes.riff(list + WAVBytes.chunk("fmt ", fmt) + fact + WAVBytes.chunk("data", data))
        #expect(try WAVFile(parsing: padded).samples == samples)

        // data before fmt, and an odd chunk whose writer forgot the pad byte
        let unpadded = WAVBytes.riff(WAVBytes.chunk("junk", [1, 2, 3], pad: false) + WAVBytes.chunk("data", data) + WAVBytes.chunk("fmt ", fmt))
        #expect(try WAVFile(parsing: unpadded).samples == samples)
    }

    @Test func dataChunkLongerThanFileReadsWhatIsThere() throws {
        let fmt = WAVBytes.fmt(tag: 1, channels: 2, rate: 8000, bits: 16)
        // 2 whole stereo frames and one stray byte; the header claims 1000 bytes.
        let cut = WAVBytes.riff(WAVBytes.chunk("fmt ", fmt) + Array("data".utf8) + WAVBytes.le32(1000) + [1, 0, 2, 0, 3, 0, 4, 0, 5])
        let file = try WAVFile(parsing: cut)
        #expect(file.samples == [1, 2, 3, 4])
        let streamed = WAVBytes.riff(WAVBytes.chunk("fmt ", fmt) + Array("data".utf8) + WAVBytes.le32(.max) + [9, 0, 8, 0], size: 0)
        #expect(try WAVFile(parsing: streamed).samples == [9, 8])
    }

    static let malformedCases: [(String, [UInt8], String, String)] = {
        let fmt = WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 16)
        let data = WAVBytes.chunk("data", [0, 0])
        func with(_ fmtBody: [UInt8]) -> [UInt8] { WAVBytes.riff(WAVBytes.chunk("fmt ", fmtBody) + data) }
        return [
            ("empty", [], "bad_request", "too short for a RIFF header"),
            ("eleven bytes", Array("RIFF\0\0\0\0WAV".utf8), "bad_request", "too short"),
            ("not RIFF", Array("OggS\0\0\0\0WAVE".utf8), "bad_request", "not a RIFF file"),
            ("RIFX", Array("RIFX\0\0\0\0WAVE".utf8), "unsupported_media_type", "RIFX"),
            ("RF64", Array("RF64\0\0\0\0WAVE".utf8), "unsupported_media_type", "RF64"),
            ("AVI", Array("RIFF\0\0\0\0AVI ".utf8), "bad_request", "not \"WAVE\""),
            ("no chunks", WAVBytes.riff([]), "bad_request", "no fmt chunk"),
            ("no data", WAVBytes.riff(WAVBytes.chunk("fmt ", fmt)), "bad_request", "no data chunk"),
            ("no fmt", WAVBytes.riff(data), "bad_request", "no fmt chunk"),
            ("cut in chunk header", WAVBytes.riff(WAVBytes.chunk("fmt ", fmt) + Array("dat".utf8)), "bad_request", "ends inside a chunk header"),
            ("fmt too short", with(Array(fmt.prefix(14))), "bad_request", "fmt chunk is too short"),
            ("fmt cut short", WAVBytes.riff(Array("fmt ".utf8) + WAVBytes.le32(16) + fmt.prefix(10)), "bad_request", "fmt chunk is cut short"),
            ("zero channels", with(WAVBytes.fmt(tag: 1, channels: 0, rate: 8000, bits: 16)), "bad_request", "zero channels"),
            ("zero rate", with(WAVBytes.fmt(tag: 1, channels: 1, rate: 0, bits: 16)), "bad_request", "sample rate of 0 Hz"),
            ("MP3", with(WAVBytes.fmt(tag: 0x55, channels: 1, rate: 8000, bits: 0)), "unsupported_media_type", "format tag 0x0055 (MPEG Layer 3)"),
            ("unknown tag", with(WAVBytes.fmt(tag: 0x1234, channels: 1, rate: 8000, bits: 16)), "unsupported_media_type", "format tag 0x1234"),
            ("24-bit PCM", with(WAVBytes.fmt(tag: 1, channels: 1, rate: 8000, bits: 24)), "unsupported_media_type", "24-bit PCM"),
            ("64-bit float", with(WAVBytes.fmt(tag: 3, channels: 1, rate: 8000, bits: 64)), "unsupported_media_type", "64-bit IEEE float"),
            ("16-bit μ-law", with(WAVBytes.fmt(tag: 7, channels: 1, rate: 8000, bits: 16)), "bad_request", "8 bits per sample"),
            ("short extensible", with(WAVBytes.fmt(tag: 0xFFFE, channels: 1, rate: 8000, bits: 16)), "bad_request", "EXTENSIBLE fmt chunk is too short"),
            (
                "foreign GUID",
                with(Array(WAVBytes.extensibleFmt(subformat: 1, channels: 1, rate: 8000, bits: 16).prefix(39)) + [0x72]),
                "unsupported_media_type", "sub-format 00000001-0000-0010-8000-00AA00389B72"
            ),
        ]
    }()

    @Test(arguments: malformedCases)
    func malformedInputIsATypedError(name: String, bytes: [UInt8], code: String, fragment: String) {
        expectParleyError(code, containing: fragment) { _ = try WAVFile(parsing: bytes) }
    }

    @Test func invalidInMemoryFormats() {
        expectParleyError("validation_failed", containing: "at least one channel") {
            _ = try WAVFile(sampleRate: 8000, channelCount: 0, samples: [])
        }
        expectParleyError("validation_failed", containing: "sample rate") {
            _ = try WAVFile(sampleRate: 0, channelCount: 1, samples: [])
        }
        expectParleyError("validation_failed", containing: "do not divide into 2 channels") {
            _ = try WAVFile(sampleRate: 8000, channelCount: 2, samples: [1, 2, 3])
        }
    }

    /// Random corruption and every truncation of a valid file: an error or a file, never a crash.
    @Test func corruptedFilesNeverCrash() throws {
        let list = WAVBytes.chunk("LIST", Array("INFOabc".utf8))
        let valid = WAVBytes.riff(list + WAVBytes.chunk("fmt ", WAVBytes.extensibleFmt(subformat: 1, channels: 2, rate: 8000, bits: 16))
            + WAVBytes.chunk("data", Array(repeating: 7, count: 64)))
        _ = try WAVFile(parsing: valid)
        for length in 0..<valid.count { _ = try? WAVFile(parsing: Array(valid.prefix(length))) }
        var random = SeededRandom(seed: 42)
        var parsedCount = 0
        for _ in 0..<5000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if (try? WAVFile(parsing: bytes)) != nil { parsedCount += 1 }
        }
        #expect(parsedCount > 0)
    }
}

/// Hand-built RIFF/WAVE bytes.
enum WAVBytes {
    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    static func chunk(_ id: String, _ body: [UInt8], pad: Bool = true) -> [UInt8] {
        Array(id.utf8) + le32(UInt32(body.count)) + body + (pad && body.count % 2 == 1 ? [0] : [])
    }

    static func riff(_ chunks: [UInt8], size: UInt32? = nil) -> [UInt8] {
        Array("RIFF".utf8) + le32(size ?? UInt32(4 + chunks.count)) + Array("WAVE".utf8) + chunks
    }

    static func file(fmt: [UInt8], data: [UInt8]) -> [UInt8] {
        riff(chunk("fmt ", fmt) + chunk("data", data))
    }

    static func fmt(tag: UInt16, channels: UInt16, rate: UInt32, bits: UInt16) -> [UInt8] {
        let blockAlign = UInt32(channels) * UInt32(bits / 8)
        return le16(tag) + le16(channels) + le32(rate) + le32(rate &* blockAlign) + le16(UInt16(truncatingIfNeeded: blockAlign)) + le16(bits)
    }

    static func extensibleFmt(subformat: UInt16, channels: UInt16, rate: UInt32, bits: UInt16) -> [UInt8] {
        let guidTail: [UInt8] = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
        return fmt(tag: 0xFFFE, channels: channels, rate: rate, bits: bits) + le16(22) + le16(bits) + le32(4) + le16(subformat) + guidTail
    }
}
