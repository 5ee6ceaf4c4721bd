import ParleyTelephony
import Testing

@Suite struct BrowserCallProtocolTests {
    func started(_ clock: TestClock, rate: Int = 16_000) throws -> BrowserCallProtocol {
        var stream = BrowserCallProtocol(clock: clock)
        #expect(try stream.receive(text: #"{"event":"start","token":"pst_x","sampleRate":\#(rate)}"#) == .start(token: "pst_x", sampleRate: rate))
        return stream
    }

    func bytes(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0)), UInt8(UInt16(bitPattern: $0) >> 8)] }
    }

    @Test func startDefaultsToSixteenKilohertz() throws {
        var stream = BrowserCallProtocol(clock: TestClock())
        #expect(try stream.receive(text: #"{"event":"start","token":"t"}"#) == .start(token: "t", sampleRate: 16_000))
        #expect(stream.state == .streaming && stream.frameSamples == 320)
    }

    @Test func audioIsCutIntoTwentyMillisecondFramesWhateverTheChunking() throws {
        let clock = TestClock()
        var stream = try started(clock, rate: 8_000)
        let samples = (0..<400).map { Int16(truncatingIfNeeded: $0 * 97 - 20_000) }
        let all = bytes(samples)
        // 401 bytes, then 399: a sample is split across messages.
        all[0..<401].withUnsafeBytes { try? stream.receive(audio: $0) }
        var frame = [Int16](repeating: 0, count: 160)
        #expect(frame.withUnsafeMutableBufferPointer { stream.nextFrame(into: $0) } == 0)
        #expect(frame == Array(samples[0..<160]))
        #expect(frame.withUnsafeMutableBufferPointer { stream.nextFrame(into: $0) } == nil, "40 samples are not a frame yet")
        try all[401...].withUnsafeBytes { try stream.receive(audio: $0) }
        #expect(frame.withUnsafeMutableBufferPointer { stream.nextFrame(into: $0) } == 20)
        #expect(frame == Array(samples[160..<320]))
        #expect(frame.withUnsafeMutableBufferPointer { stream.nextFrame(into: $0) } == nil)
        #expect(stream.framesOut == 2)
    }

    @Test func audioFasterThanRealTimeIsRefused() throws {
        let clock = TestClock()
        var stream = try started(clock, rate: 8_000)
        let second = bytes([Int16](repeating: 0, count: 8_000))
        var frame = [Int16](repeating: 0, count: 160)
        for _ in 0..<2 {
            try second.withUnsafeBytes { try stream.receive(audio: $0) }
            while frame.withUnsafeMutableBufferPointer({ stream.nextFrame(into: $0) }) != nil {}
        }
        // Two seconds of audio at time zero is the allowed lead; the third is too fast.
        #expect(throws: BrowserCallError(.tooFast, "3000 ms of audio arrived 0 ms after start; send audio in real time")) {
            try second.withUnsafeBytes { try stream.receive(audio: $0) }
        }
        #expect(stream.state == .failed)
        // In real time it is fine.
        var paced = try started(clock, rate: 8_000)
        for _ in 0..<5 {
            try second.withUnsafeBytes { try paced.receive(audio: $0) }
            while frame.withUnsafeMutableBufferPointer({ paced.nextFrame(into: $0) }) != nil {}
            clock.advance(seconds: 1)
        }
        #expect(paced.framesOut == 250)
    }

    @Test(arguments: [
        (#"not json"#, BrowserCallError.Code.malformedJSON),
        (#"[1,2]"#, .malformedJSON),
        (#"{"type":"start"}"#, .invalidField),
        (#"{"event":"start"}"#, .invalidField),
        (#"{"event":"start","token":""}"#, .invalidField),
        (#"{"event":"start","token":"t","sampleRate":44100}"#, .invalidField),
        (#"{"event":"start","token":"t","sampleRate":"16000"}"#, .invalidField),
        (#"{"event":"stop"}"#, .unexpectedEvent),
        (#"{"event":"dtmf","digit":"1"}"#, .unexpectedEvent),
        (#"{"event":"hello"}"#, .unexpectedEvent),
    ])
    func badMessagesBeforeStartAreTypedErrors(text: String, code: BrowserCallError.Code) {
        var stream = BrowserCallProtocol(clock: TestClock())
        #expect { try stream.receive(text: text) } throws: { ($0 as? BrowserCallError)?.code == code }
        #expect(stream.state == .failed)
    }

    @Test func audioBeforeStartIsRefused() {
        var stream = BrowserCallProtocol(clock: TestClock())
        #expect { try [0, 0].withUnsafeBytes { try stream.receive(audio: $0) } } throws: { ($0 as? BrowserCallError)?.code == .badAudio }
    }

    @Test func dtmfAndStopWhileStreaming() throws {
        var stream = try started(TestClock())
        #expect(try stream.receive(text: ##"{"event":"dtmf","digit":"#"}"##) == .dtmf("#"))
        #expect { try stream.receive(text: #"{"event":"dtmf","digit":"12"}"#) } throws: { ($0 as? BrowserCallError)?.code == .invalidField }
        var again = try started(TestClock())
        #expect { try again.receive(text: #"{"event":"start","token":"t"}"#) } throws: { ($0 as? BrowserCallError)?.code == .unexpectedEvent }
        var stopping = try started(TestClock())
        #expect(try stopping.receive(text: #"{"event":"stop"}"#) == .stop)
        #expect(stopping.state == .stopped)
        #expect { try [0, 0].withUnsafeBytes { try stopping.receive(audio: $0) } } throws: { ($0 as? BrowserCallError)?.code == .badAudio }
    }

    @Test func oversizedMessagesAreRefused() throws {
        var configuration = BrowserCallProtocol.Configuration()
        configuration.maxMessageBytes = 100
        var stream = BrowserCallProtocol(configuration: configuration, clock: TestClock())
        _ = try stream.receive(text: #"{"event":"start","token":"t"}"#)
        #expect { try [UInt8](repeating: 0, count: 102).withUnsafeBytes { try stream.receive(audio: $0) } } throws: {
            ($0 as? BrowserCallError)?.code == .oversizedMessage
        }
    }

    @Test func outboundMessages() {
        #expect(BrowserCallProtocol.startedMessage(callID: "call_1", sampleRate: 16_000)
            == #"{"callId":"call_1","encoding":"pcm_s16le","event":"started","frameMs":20,"sampleRate":16000}"#)
        let samples: [Int16] = [1, -2, 0x1234]
        let buffer = samples.withUnsafeBufferPointer { BrowserCallProtocol.audioMessage($0, allocator: .init()) }
        #expect(Array(buffer.readableBytesView) == [1, 0, 0xFE, 0xFF, 0x34, 0x12])
    }
}
