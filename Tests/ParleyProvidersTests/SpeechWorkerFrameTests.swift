import NIOCore
import Testing
@testable import ParleyProviders

@Suite struct SpeechWorkerFrameTests {
    @Test func roundTripsThroughEncoderAndDecoder() throws {
        var buffer = ByteBuffer()
        var payload = ByteBuffer()
        payload.writeBytes([1, 2, 3, 4])
        try SpeechWorkerFrameEncoder().encode(data: SpeechWorkerFrame(header: Array(#"{"id":1,"op":"ping"}"#.utf8), payload: payload), out: &buffer)
        #expect(buffer.readableBytes == 8 + 20 + 4)
        var decoder = SpeechWorkerFrameDecoder()
        // Fed one byte at a time, the frame appears only when complete.
        var partial = ByteBuffer()
        var decoded: SpeechWorkerFrame?
        while let byte = buffer.readInteger(as: UInt8.self) {
            partial.writeInteger(byte)
            if let frame = try decoder.decode(buffer: &partial) { decoded = frame }
        }
        let frame = try #require(decoded)
        #expect(String(decoding: frame.header, as: UTF8.self) == #"{"id":1,"op":"ping"}"#)
        #expect(frame.payload.getBytes(at: frame.payload.readerIndex, length: 4) == [1, 2, 3, 4])
    }

    @Test func refusesOversizedLengths() {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(70_000), endianness: .big)
        buffer.writeInteger(UInt32(0), endianness: .big)
        var decoder = SpeechWorkerFrameDecoder()
        #expect(throws: ProviderErrorBox.self) { try decoder.decode(buffer: &buffer) }
        var payload = ByteBuffer()
        payload.writeInteger(UInt32(2), endianness: .big)
        payload.writeInteger(UInt32(17 * 1024 * 1024), endianness: .big)
        #expect(throws: ProviderErrorBox.self) { try decoder.decode(buffer: &payload) }
    }
}
