import ParleyCore

extension WAVFile {
    /// Parses a WAV file; see `init(parsing:)` on `UnsafeRawBufferPointer` for the rules.
    public init(parsing bytes: [UInt8]) throws(ParleyError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ParleyError) -> WAVFile in try WAVFile(parsing: buffer) }
        }
        self = try result.get()
    }

    /// Parses a RIFF/WAVE file, converting its samples to PCM16.
    ///
    /// - Chunks other than `fmt ` and `data` (LIST, fact, cue, …) are skipped, honouring the pad
    ///   byte after odd-sized chunks (and tolerating writers that omit it). The first `fmt ` and
    ///   `data` chunks win; they may come in either order.
    /// - The RIFF size field is not trusted: streaming writers leave it 0 or 0xFFFFFFFF.
    /// - A `data` chunk that claims more bytes than the file holds (a recording cut short) is read
    ///   as far as the file goes; a trailing partial frame is dropped.
    /// - Anything else malformed (not RIFF/WAVE, a header or `fmt ` chunk cut short, zero channels
    ///   or sample rate, a missing chunk) throws `badRequest`; a format this reader cannot convert
    ///   (another format tag or bit depth, RIFX, RF64) throws `unsupportedMediaType` naming it.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(ParleyError) {
        guard bytes.count >= 12 else {
            throw Self.malformed("file is too short for a RIFF header (\(bytes.count) bytes; need 12)")
        }
        switch bytes.fourCC(at: 0) {
        case "RIFF": break
        case "RIFX": throw Self.unsupported("big-endian (RIFX) WAV files are not supported")
        case "RF64": throw Self.unsupported("RF64 (64-bit size) WAV files are not supported")
        case let other: throw Self.malformed("not a RIFF file (starts with \(other.debugDescription))")
        }
        let form = bytes.fourCC(at: 8)
        guard form == "WAVE" else { throw Self.malformed("RIFF form type is \(form.debugDescription), not \"WAVE\"") }

        var format: Format?
        var data: Range<Int>?
        var offset = 12
        while bytes.count - offset >= 8, format == nil || data == nil {
            let size = Int(bytes.littleEndianUInt32(at: offset + 4))
            let body = offset + 8
            let available = bytes.count - body
            switch bytes.fourCC(at: offset) {
            case "fmt " where format == nil:
                guard size <= available else {
                    throw Self.malformed("fmt chunk is cut short (\(size) bytes declared, \(available) present)")
                }
                format = try Format(parsing: UnsafeRawBufferPointer(rebasing: bytes[body..<(body + size)]))
            case "data" where data == nil:
                data = body..<(body + min(size, available))
            default:
                break
            }
            offset = body + size
            if size & 1 == 1 {
                // RIFF pads odd chunks to even length, but some writers forget the pad byte.
                let padded = offset + 1
                offset = !bytes.hasPlausibleChunkID(at: padded) && bytes.hasPlausibleChunkID(at: offset) ? offset : padded
            }
        }
        let cutShort = offset < bytes.count && bytes.count - offset < 8 ? " (the file ends inside a chunk header at byte \(offset))" : ""
        guard let format else { throw Self.malformed("no fmt chunk\(cutShort)") }
        guard let data else { throw Self.malformed("no data chunk\(cutShort)") }
        let samples = format.decode(UnsafeRawBufferPointer(rebasing: bytes[data]))
        try self.init(sampleRate: format.sampleRate, channelCount: format.channelCount, samples: samples, sourceEncoding: format.encoding)
    }

    static func malformed(_ problem: String) -> ParleyError {
        ParleyError(.badRequest, "malformed WAV file: \(problem)")
    }

    static func unsupported(_ problem: String) -> ParleyError {
        ParleyError(.unsupportedMediaType, "unsupported WAV file: \(problem)")
    }
}

extension UnsafeRawBufferPointer {
    func fourCC(at offset: Int) -> String {
        String(decoding: self[offset..<(offset + 4)].map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    func hasPlausibleChunkID(at offset: Int) -> Bool {
        offset >= 0 && count - offset >= 8 && self[offset..<(offset + 4)].allSatisfy { (0x20...0x7E).contains($0) }
    }

    func littleEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func littleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
