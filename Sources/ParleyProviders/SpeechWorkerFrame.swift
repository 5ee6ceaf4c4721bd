import NIOCore

/// One message of the speech-worker protocol (docs/speech-worker.md):
/// `u32 header length | u32 payload length | JSON header | payload bytes`.
struct SpeechWorkerFrame: Sendable {
    static let maximumHeaderLength = 65_536
    static let maximumPayloadLength = 16 * 1024 * 1024

    var header: [UInt8]
    var payload: ByteBuffer

    init(header: [UInt8], payload: ByteBuffer = ByteBuffer()) {
        self.header = header
        self.payload = payload
    }
}

/// Writes frames.
struct SpeechWorkerFrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = SpeechWorkerFrame

    func encode(data frame: SpeechWorkerFrame, out: inout ByteBuffer) throws {
        out.writeInteger(UInt32(frame.header.count), endianness: .big)
        out.writeInteger(UInt32(frame.payload.readableBytes), endianness: .big)
        out.writeBytes(frame.header)
        var payload = frame.payload
        out.writeBuffer(&payload)
    }
}

/// Reads frames; refuses lengths over the protocol limits instead of buffering them.
struct SpeechWorkerFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SpeechWorkerFrame

    mutating func decode(buffer: inout ByteBuffer) throws -> SpeechWorkerFrame? {
        guard let headerLength = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self),
              let payloadLength = buffer.getInteger(at: buffer.readerIndex + 4, endianness: .big, as: UInt32.self)
        else { return nil }
        guard headerLength <= SpeechWorkerFrame.maximumHeaderLength,
              payloadLength <= SpeechWorkerFrame.maximumPayloadLength else {
            throw ProviderErrorBox.frameTooLarge(header: Int(headerLength), payload: Int(payloadLength))
        }
        let total = 8 + Int(headerLength) + Int(payloadLength)
        guard buffer.readableBytes >= total else { return nil }
        buffer.moveReaderIndex(forwardBy: 8)
        let header = buffer.readBytes(length: Int(headerLength)) ?? []
        let payload = buffer.readSlice(length: Int(payloadLength)) ?? ByteBuffer()
        return SpeechWorkerFrame(header: header, payload: payload)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SpeechWorkerFrame? {
        try decode(buffer: &buffer)
    }
}

/// Decoder errors (the decoder can only throw, not name a provider).
enum ProviderErrorBox: Error {
    case frameTooLarge(header: Int, payload: Int)
    case eventTooLarge(Int)
}
