import Foundation
import ParleyAudio
import ParleyVoice
import Testing
@testable import ParleyTelephony

@Suite struct TwilioStreamProtocolTests {
    typealias Frames = TwilioFrames

    /// A protocol that has accepted `connected` and `start`.
    func streaming(clock: TestClock = TestClock(), configuration: TwilioStreamProtocol.Configuration = .init()) throws -> TwilioStreamProtocol {
        var stream = TwilioStreamProtocol(configuration: configuration, clock: clock)
        #expect(try stream.receive(text: Frames.connected) == nil)
        #expect(stream.state == .awaitingStart)
        guard case .started(let info) = try stream.receive(text: Frames.start()) else {
            Issue.record("no started event")
            return stream
        }
        #expect(info.callSid == Frames.callSid)
        #expect(stream.state == .streaming)
        return stream
    }

    func failure(_ body: () throws(TwilioStreamError) -> Void) -> TwilioStreamError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func scriptedCall() throws {
        var stream = try streaming()
        // μ-law 0xFF is zero, 0x80 the largest positive value, 0x00 the largest negative one.
        let payload = [UInt8](repeating: 0xFF, count: 158) + [0x80, 0x00]
        let event = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 5, payload: payload))
        guard case .audio(let audio) = event else {
            Issue.record("no audio: \(String(describing: event))")
            return
        }
        #expect(audio.time == MediaTime(milliseconds: 5))
        #expect(audio.samples.count == 160)
        #expect(audio.samples.prefix(158).allSatisfy { $0 == 0 })
        #expect(audio.samples[158] == 32_124)
        #expect(audio.samples[159] == -32_124)

        #expect(try stream.receive(text: Frames.dtmf(sequence: 3, digit: "#")) == .dtmf("#"))
        let mark = try stream.markMessage("turn-1")
        #expect(mark == #"{"event":"mark","streamSid":"\#(Frames.streamSid)","mark":{"name":"turn-1"}}"#)
        #expect(stream.pendingMarks == ["turn-1"])
        #expect(try stream.receive(text: Frames.mark(sequence: 4, name: "turn-1")) == .markPlayed("turn-1"))
        #expect(stream.pendingMarks.isEmpty)
        #expect(try stream.receive(text: Frames.stop(sequence: 5)) == .stopped)
        #expect(stream.state == .stopped)
        #expect(stream.mediaMessages == 1)
        #expect(stream.sequenceGaps == 0)
    }

    @Test func acceptsMultiFramePayloadsAndUsesTheMediaClock() throws {
        var stream = try streaming()
        let event = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 1_000, payload: [UInt8](repeating: 0xFF, count: 480)))
        guard case .audio(let audio) = event else {
            Issue.record("no audio")
            return
        }
        #expect(audio.samples.count == 480)
        #expect(audio.time.milliseconds == 1_000)
        // Bunched frames keep Twilio's timestamps, whatever their arrival time.
        let next = try stream.receive(text: Frames.media(sequence: 3, chunk: 2, timestamp: 1_060))
        guard case .audio(let second) = next else {
            Issue.record("no audio")
            return
        }
        #expect(second.time.milliseconds == 1_060)
        #expect(second.samples.count == 160)
    }

    @Test func decodesLikeG711ForEveryCode() throws {
        var stream = try streaming(configuration: {
            var configuration = TwilioStreamProtocol.Configuration()
            configuration.bytesPerFrame = 256
            return configuration
        }())
        let codes = (0...255).map { UInt8($0) }
        guard case .audio(let audio) = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0, payload: codes)) else {
            Issue.record("no audio")
            return
        }
        #expect(audio.samples == codes.map { G711.muLaw.decode($0) })
    }

    @Test func ignoresOtherTracksButChecksTheirOrder() throws {
        var stream = try streaming()
        #expect(try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0, track: "outbound")) == nil)
        #expect(failure { () throws(TwilioStreamError) in
            _ = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0))
        } == .outOfOrder)
    }

    @Test func countsSequenceGapsWithoutFailing() throws {
        var stream = try streaming()
        _ = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0))
        _ = try stream.receive(text: Frames.media(sequence: 5, chunk: 2, timestamp: 20))
        #expect(stream.sequenceGaps == 1)
        #expect(stream.state == .streaming)
    }

    @Test(arguments: [
        ("repeated sequence number", Frames.media(sequence: 2, chunk: 2, timestamp: 40), TwilioStreamError.Code.outOfOrder),
        ("repeated chunk", Frames.media(sequence: 3, chunk: 1, timestamp: 40), .outOfOrder),
        ("timestamp backwards", Frames.media(sequence: 3, chunk: 2, timestamp: 10), .outOfOrder),
        ("unknown streamSid", Frames.media(sequence: 3, chunk: 2, timestamp: 40, streamSid: "MZ99"), .unknownStreamSid),
        ("unknown streamSid on stop", Frames.stop(sequence: 3, streamSid: "MZ99"), .unknownStreamSid),
        ("other call on stop", Frames.stop(sequence: 3, callSid: "CA99"), .invalidField),
        ("second start", Frames.start(sequence: 3), .unexpectedEvent),
        ("second connected", Frames.connected, .unexpectedEvent),
        ("mark never sent", Frames.mark(sequence: 3, name: "nope"), .unexpectedEvent),
        ("odd payload size", Frames.media(sequence: 3, chunk: 2, timestamp: 40, payload: [UInt8](repeating: 0xFF, count: 100)), .badPayloadSize),
        ("empty payload", Frames.media(sequence: 3, chunk: 2, timestamp: 40, payload: []), .badPayloadSize),
        ("payload too long", Frames.media(sequence: 3, chunk: 2, timestamp: 40, payload: [UInt8](repeating: 0xFF, count: 1_760)), .badPayloadSize),
        ("bad base64", Frames.media(sequence: 3, chunk: 2, timestamp: 40, base64: "@@@@"), .badBase64),
    ])
    func refusesAfterStreamingStarted(label: String, frame: String, expected: TwilioStreamError.Code) throws {
        var stream = try streaming()
        _ = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 20))
        #expect(failure { () throws(TwilioStreamError) in _ = try stream.receive(text: frame) } == expected, "\(label)")
        #expect(stream.state == .failed)
        // Failure is final, even for a frame that would otherwise be fine.
        #expect(failure { () throws(TwilioStreamError) in
            _ = try stream.receive(text: Frames.media(sequence: 9, chunk: 9, timestamp: 900))
        } == .unexpectedEvent)
    }

    @Test func refusesEventsBeforeTheirTime() throws {
        var fresh = TwilioStreamProtocol(clock: TestClock())
        #expect(failure { () throws(TwilioStreamError) in _ = try fresh.receive(text: Frames.start()) } == .unexpectedEvent)
        var early = TwilioStreamProtocol(clock: TestClock())
        _ = try early.receive(text: Frames.connected)
        #expect(failure { () throws(TwilioStreamError) in
            _ = try early.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0))
        } == .unexpectedEvent)
        var stopped = try streaming()
        _ = try stopped.receive(text: Frames.stop(sequence: 2))
        #expect(failure { () throws(TwilioStreamError) in
            _ = try stopped.receive(text: Frames.media(sequence: 3, chunk: 1, timestamp: 0))
        } == .unexpectedEvent)
    }

    @Test(arguments: [("audio/l16", 8000, 1), ("audio/x-mulaw", 16000, 1), ("audio/x-mulaw", 8000, 2)])
    func refusesOtherMediaFormats(encoding: String, sampleRate: Int, channels: Int) throws {
        var stream = TwilioStreamProtocol(clock: TestClock())
        _ = try stream.receive(text: Frames.connected)
        #expect(failure { () throws(TwilioStreamError) in
            _ = try stream.receive(text: Frames.start(encoding: encoding, sampleRate: sampleRate, channels: channels))
        } == .badMediaFormat)
    }

    @Test func refusesBinaryFrames() throws {
        var stream = try streaming()
        #expect(stream.receiveBinaryFrame(byteCount: 160).code == .binaryFrame)
        #expect(stream.state == .failed)
    }

    @Test func refusesOversizedFramesByConfiguration() throws {
        var configuration = TwilioStreamProtocol.Configuration()
        configuration.maxFrameBytes = 500
        var stream = try streaming(configuration: configuration)
        #expect(failure { () throws(TwilioStreamError) in
            _ = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0, payload: [UInt8](repeating: 0xFF, count: 320)))
        } == .oversizedFrame)
    }

    @Test func startDeadline() throws {
        let clock = TestClock()
        var stream = TwilioStreamProtocol(clock: clock)
        _ = try stream.receive(text: Frames.connected)
        clock.advance(seconds: 9)
        try stream.checkDeadlines()
        clock.advance(seconds: 1)
        #expect(failure { () throws(TwilioStreamError) in try stream.checkDeadlines() } == .timeout)
        #expect(stream.state == .failed)
    }

    @Test func idleDeadlineCountsFromTheLastFrame() throws {
        let clock = TestClock()
        var stream = try streaming(clock: clock)
        clock.advance(seconds: 14)
        _ = try stream.receive(text: Frames.media(sequence: 2, chunk: 1, timestamp: 0))
        clock.advance(seconds: 14)
        try stream.checkDeadlines()
        clock.advance(seconds: 1)
        #expect(failure { () throws(TwilioStreamError) in try stream.checkDeadlines() } == .timeout)
    }

    @Test func buildsOutboundMediaAsBase64MuLaw() throws {
        var stream = try streaming()
        let samples: [Int16] = (0..<160).map { Int16(truncatingIfNeeded: $0 * 401) }
        let text = try stream.mediaMessage(samples)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["event"] as? String == "media")
        #expect(json["streamSid"] as? String == Frames.streamSid)
        let payload = try #require((json["media"] as? [String: Any])?["payload"] as? String)
        let bytes = try #require(Data(base64Encoded: payload))
        #expect(Array(bytes) == samples.map { G711.muLaw.encode($0) })
    }

    @Test func buildsClearAndEscapesMarkNames() throws {
        var stream = try streaming()
        #expect(try stream.clearMessage() == #"{"event":"clear","streamSid":"\#(Frames.streamSid)"}"#)
        let mark = try stream.markMessage("a\"b\\c\nd")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(mark.utf8)) as? [String: Any])
        #expect((json["mark"] as? [String: Any])?["name"] as? String == "a\"b\\c\nd")
        // The echo of a mark with the same name matches it.
        #expect(try stream.receive(text: Frames.mark(sequence: 2, name: "a\"b\\c\nd")) == .markPlayed("a\"b\\c\nd"))
    }

    @Test func outboundNeedsAStreamingState() {
        var stream = TwilioStreamProtocol(clock: TestClock())
        #expect(failure { () throws(TwilioStreamError) in _ = try stream.mediaMessage([0, 0]) } == .notStreaming)
        #expect(failure { () throws(TwilioStreamError) in _ = try stream.markMessage("m") } == .notStreaming)
        #expect(failure { () throws(TwilioStreamError) in _ = try stream.clearMessage() } == .notStreaming)
    }

    @Test func forgetsTheOldestMarksBeyondTheLimit() throws {
        var configuration = TwilioStreamProtocol.Configuration()
        configuration.maxPendingMarks = 2
        var stream = try streaming(configuration: configuration)
        for name in ["a", "b", "c"] { _ = try stream.markMessage(name) }
        #expect(stream.pendingMarks == ["b", "c"])
    }
}
