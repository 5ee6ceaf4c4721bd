import ParleyCore

extension WAVFile {
    /// The parts of a `fmt ` chunk the reader needs, validated.
    struct Format {
        var encoding: Encoding
        var channelCount: Int
        var sampleRate: Int

        /// The fixed tail of a KSDATAFORMAT_SUBTYPE_* GUID after its 2-byte format tag
        /// (xxxx0000-0000-0010-8000-00AA00389B71, stored little-endian).
        private static let subformatGUIDTail: [UInt8] = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]

        init(parsing chunk: UnsafeRawBufferPointer) throws(ParleyError) {
            guard chunk.count >= 16 else {
                throw WAVFile.malformed("fmt chunk is too short (\(chunk.count) bytes; need at least 16)")
            }
            var tag = chunk.littleEndianUInt16(at: 0)
            let channels = chunk.littleEndianUInt16(at: 2)
            let rate = chunk.littleEndianUInt32(at: 4)
            let bits = chunk.littleEndianUInt16(at: 14)
            if tag == 0xFFFE {
                guard chunk.count >= 40 else {
                    throw WAVFile.malformed("WAVE_FORMAT_EXTENSIBLE fmt chunk is too short (\(chunk.count) bytes; need 40)")
                }
                guard chunk[26..<40].elementsEqual(Self.subformatGUIDTail) else {
                    throw WAVFile.unsupported("WAVE_FORMAT_EXTENSIBLE sub-format \(Self.guidString(chunk[24..<40])) is not supported")
                }
                tag = chunk.littleEndianUInt16(at: 24)
            }
            guard channels > 0 else { throw WAVFile.malformed("fmt chunk declares zero channels") }
            guard rate > 0 else { throw WAVFile.malformed("fmt chunk declares a sample rate of 0 Hz") }
            guard UInt64(rate) * UInt64(channels) * 2 <= UInt64(UInt32.max) else {
                throw WAVFile.unsupported("\(rate) Hz × \(channels) channels is too many samples per second")
            }
            switch (tag, bits) {
            case (1, 16): encoding = .pcm16
            case (3, 32): encoding = .float32
            case (6, 8): encoding = .aLaw
            case (7, 8): encoding = .muLaw
            case (1, _):
                throw WAVFile.unsupported("\(bits)-bit PCM is not supported (only 16-bit PCM)")
            case (3, _):
                throw WAVFile.unsupported("\(bits)-bit IEEE float is not supported (only 32-bit float)")
            case (6, _), (7, _):
                throw WAVFile.malformed("G.711 data must have 8 bits per sample (fmt chunk says \(bits))")
            default:
                throw WAVFile.unsupported("format tag \(Self.describe(tag: tag)) is not supported (PCM16, μ-law, A-law and float32 are)")
            }
            channelCount = Int(channels)
            sampleRate = Int(rate)
        }

        var bytesPerSample: Int {
            switch encoding {
            case .pcm16: 2
            case .muLaw, .aLaw: 1
            case .float32: 4
            }
        }

        /// Converts the whole frames in `data` to interleaved PCM16; a trailing partial frame is dropped.
        func decode(_ data: UnsafeRawBufferPointer) -> [Int16] {
            let width = bytesPerSample
            let count = data.count / (width * channelCount) * channelCount
            return [Int16](unsafeUninitializedCapacity: count) { samples, initialized in
                switch encoding {
                case .pcm16:
                    for index in 0..<count {
                        samples[index] = Int16(bitPattern: data.littleEndianUInt16(at: index * 2))
                    }
                case .muLaw, .aLaw:
                    let table = encoding == .muLaw ? G711.muLawTable : G711.aLawTable
                    table.withUnsafeBufferPointer { table in
                        for index in 0..<count { samples[index] = table[Int(data[index])] }
                    }
                case .float32:
                    for index in 0..<count {
                        samples[index] = Self.pcm16(fromFloat: Float(bitPattern: data.littleEndianUInt32(at: index * 4)))
                    }
                }
                initialized = count
            }
        }

        /// Full scale ±1.0 maps to ±32768 (clipped to 32767); NaN becomes silence.
        static func pcm16(fromFloat value: Float) -> Int16 {
            guard !value.isNaN else { return 0 }
            let scaled = (value * 32768).rounded()
            return scaled >= 32767 ? .max : scaled <= -32768 ? .min : Int16(scaled)
        }

        static func describe(tag: UInt16) -> String {
            let hex = String(tag, radix: 16, uppercase: true)
            let code = "0x" + String(repeating: "0", count: 4 - hex.count) + hex
            let names: [UInt16: String] = [
                0x0000: "unknown", 0x0002: "Microsoft ADPCM", 0x0011: "IMA ADPCM", 0x0022: "TrueSpeech",
                0x0031: "GSM 6.10", 0x0040: "G.721 ADPCM", 0x0050: "MPEG", 0x0055: "MPEG Layer 3",
                0x0064: "G.726 ADPCM", 0x00FF: "AAC", 0x0161: "Windows Media Audio", 0xF1AC: "FLAC",
            ]
            return names[tag].map { "\(code) (\($0))" } ?? code
        }

        static func guidString(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
            let b = Array(bytes)
            func hex(_ indices: [Int]) -> String {
                indices.map { index in
                    let digits = String(b[index], radix: 16, uppercase: true)
                    return digits.count == 1 ? "0" + digits : digits
                }.joined()
            }
            return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex(Array(10..<16))].joined(separator: "-")
        }
    }
}
