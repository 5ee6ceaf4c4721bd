import ParleyCore

/// A RIFF/WAVE audio file held as interleaved 16-bit PCM.
///
/// Reads PCM16, 8-bit μ-law (format tag 7), 8-bit A-law (tag 6) and IEEE float32 (tag 3) data,
/// also inside `WAVE_FORMAT_EXTENSIBLE`, converting everything to PCM16; writes canonical PCM16
/// files. The parsing rules are documented on `init(parsing:)`.
public struct WAVFile: Sendable, Equatable {
    /// How the samples were stored in the file they were read from.
    public enum Encoding: Sendable, Hashable {
        /// Linear 16-bit PCM (format tag 1).
        case pcm16
        /// 8-bit G.711 μ-law (format tag 7).
        case muLaw
        /// 8-bit G.711 A-law (format tag 6).
        case aLaw
        /// 32-bit IEEE float (format tag 3), scaled by 32768 and clipped.
        case float32
    }

    /// Samples per second per channel.
    public let sampleRate: Int
    /// Number of interleaved channels (1 = mono, 2 = stereo).
    public let channelCount: Int
    /// Interleaved samples: frame 0 channel 0, frame 0 channel 1, frame 1 channel 0, …
    public let samples: [Int16]
    /// The encoding the samples had on disk; `.pcm16` for files built in memory.
    public let sourceEncoding: Encoding

    /// Number of sample frames (samples per channel).
    public var frameCount: Int { samples.count / channelCount }

    /// Builds a file from interleaved PCM16 samples; throws `validationFailed` if WAV cannot hold that format.
    public init(sampleRate: Int, channelCount: Int, samples: [Int16]) throws(ParleyError) {
        try self.init(sampleRate: sampleRate, channelCount: channelCount, samples: samples, sourceEncoding: .pcm16)
    }

    init(sampleRate: Int, channelCount: Int, samples: [Int16], sourceEncoding: Encoding) throws(ParleyError) {
        guard channelCount > 0 else {
            throw ParleyError.validation("WAV audio needs at least one channel (got \(channelCount))", field: "channelCount")
        }
        guard channelCount <= Int(UInt16.max) else {
            throw ParleyError.validation("WAV audio supports at most \(UInt16.max) channels (got \(channelCount))", field: "channelCount")
        }
        guard sampleRate > 0, sampleRate <= Int(UInt32.max) else {
            throw ParleyError.validation("WAV sample rate must be between 1 and \(UInt32.max) Hz (got \(sampleRate))", field: "sampleRate")
        }
        guard sampleRate * channelCount * 2 <= Int(UInt32.max) else {
            throw ParleyError.validation("WAV byte rate for \(sampleRate) Hz × \(channelCount) channels does not fit in 32 bits", field: "sampleRate")
        }
        guard samples.count % channelCount == 0 else {
            throw ParleyError.validation("\(samples.count) samples do not divide into \(channelCount) channels", field: "samples")
        }
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.samples = samples
        self.sourceEncoding = sourceEncoding
    }

    /// The file as canonical RIFF/WAVE PCM16 bytes (44-byte header, little-endian samples).
    ///
    /// Throws `payloadTooLarge` when the audio exceeds the 4 GiB limit of a RIFF size field.
    public func encoded() throws(ParleyError) -> [UInt8] {
        var bytes = try Self.header(sampleRate: sampleRate, channelCount: channelCount, dataBytes: samples.count * 2)
        bytes.reserveCapacity(44 + samples.count * 2)
        for sample in samples { bytes.appendLittleEndian(UInt16(bitPattern: sample)) }
        return bytes
    }

    /// The canonical 44-byte PCM16 header for `dataBytes` of little-endian samples that follow it.
    public static func header(sampleRate: Int, channelCount: Int, dataBytes dataSize: Int) throws(ParleyError) -> [UInt8] {
        guard dataSize <= Int(UInt32.max) - 36 else {
            throw ParleyError(.payloadTooLarge, "audio too long for a WAV file (\(dataSize) bytes of samples; the RIFF limit is 4 GiB)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44)
        bytes.appendASCII("RIFF")
        bytes.appendLittleEndian(UInt32(36 + dataSize))
        bytes.appendASCII("WAVE")
        bytes.appendASCII("fmt ")
        bytes.appendLittleEndian(UInt32(16))
        bytes.appendLittleEndian(UInt16(1))  // WAVE_FORMAT_PCM
        bytes.appendLittleEndian(UInt16(channelCount))
        bytes.appendLittleEndian(UInt32(sampleRate))
        bytes.appendLittleEndian(UInt32(sampleRate * channelCount * 2))
        bytes.appendLittleEndian(UInt16(channelCount * 2))
        bytes.appendLittleEndian(UInt16(16))
        bytes.appendASCII("data")
        bytes.appendLittleEndian(UInt32(dataSize))
        return bytes
    }
}

extension [UInt8] {
    fileprivate mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
