import Foundation
import NIOCore
import Testing
@testable import ParleyTelephony

@Suite struct TwilioStreamMessageTests {
    typealias Frames = TwilioFrames

    func code(of frame: String, maxFrameBytes: Int = TwilioStreamMessage.defaultMaxFrameBytes) -> TwilioStreamError.Code? {
        do {
            _ = try TwilioStreamMessage.decode(frame, maxFrameBytes: maxFrameBytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func decodesConnected() throws {
        #expect(try TwilioStreamMessage.decode(Frames.connected) == .connected(protocol: "Call", version: "1.0.0"))
    }

    @Test func decodesStartWithEveryField() throws {
        let message = try TwilioStreamMessage.decode(Frames.start(parameters: ["agent": "demo", "token": "v1.a.b"]))
        guard case .start(let sequence, let info) = message else {
            Issue.record("not a start: \(message)")
            return
        }
        #expect(sequence == 1)
        #expect(info.accountSid == Frames.accountSid)
        #expect(info.callSid == Frames.callSid)
        #expect(info.streamSid == Frames.streamSid)
        #expect(info.tracks == ["inbound"])
        #expect(info.customParameters == ["agent": "demo", "token": "v1.a.b"])
        #expect(info.mediaFormat == .muLaw8kMono)
    }

    @Test func decodesMediaPayloadIntoTheCallersBuffer() throws {
        let payload: [UInt8] = (0..<160).map { UInt8($0) }
        var buffer: [UInt8] = []
        let message = try TwilioStreamMessage.decode(
            Frames.media(sequence: 2, chunk: 1, timestamp: 5, payload: payload), payloadBuffer: &buffer)
        #expect(message == .media(
            sequenceNumber: 2, streamSid: Frames.streamSid,
            media: TwilioMediaChunk(track: "inbound", chunk: 1, timestamp: 5, payload: payload)))
        #expect(buffer == payload)
    }

    @Test func decodesFromAByteBuffer() throws {
        var buffer: [UInt8] = []
        let message = try TwilioStreamMessage.decode(ByteBuffer(string: Frames.dtmf(sequence: 9, digit: "5")), payloadBuffer: &buffer)
        #expect(message == .dtmf(sequenceNumber: 9, streamSid: Frames.streamSid, track: "inbound_track", digit: "5"))
    }

    @Test func decodesMarkAndStop() throws {
        #expect(try TwilioStreamMessage.decode(Frames.mark(sequence: 10, name: "turn-3"))
            == .mark(sequenceNumber: 10, streamSid: Frames.streamSid, name: "turn-3"))
        #expect(try TwilioStreamMessage.decode(Frames.stop(sequence: 11))
            == .stop(sequenceNumber: 11, streamSid: Frames.streamSid, accountSid: Frames.accountSid, callSid: Frames.callSid))
    }

    @Test func acceptsEscapesWhitespaceAndUnknownMembers() throws {
        let frame = """
            { "event" : "mark", "extra": {"nested": [1, -2.5e3, true, null, "x"]},
              "sequenceNumber": 4, "streamSid": "MZ\\u0030", "mark": {"name": "a\\/b \\"q\\" \\ud83d\\ude00"} }
            """
        #expect(try TwilioStreamMessage.decode(frame) == .mark(sequenceNumber: 4, streamSid: "MZ0", name: "a/b \"q\" 😀"))
    }

    @Test func payloadWithEscapedSlashesDecodes() throws {
        // "/+8=" decodes to 0xFF 0xEF with a JSON-escaped slash.
        let frame = Frames.media(sequence: 2, chunk: 1, timestamp: 0, base64: "\\/+8=")
        guard case .media(_, _, let media) = try TwilioStreamMessage.decode(frame) else {
            Issue.record("not media")
            return
        }
        #expect(media.payload == [0xFF, 0xEF])
    }

    @Test func reusesTheKnownStreamSid() throws {
        var buffer: [UInt8] = []
        let known = String(Frames.streamSid)
        let message = try TwilioStreamMessage.decode(
            Frames.media(sequence: 2, chunk: 1, timestamp: 0), payloadBuffer: &buffer, knownStreamSid: known)
        guard case .media(_, let streamSid, _) = message else {
            Issue.record("not media")
            return
        }
        #expect(streamSid == known)
    }

    @Test(arguments: [
        ("", TwilioStreamError.Code.malformedJSON),
        ("[]", .malformedJSON),
        ("{", .malformedJSON),
        (#"{"event":"connected",}"#, .malformedJSON),
        (#"{"event":"connected"} x"#, .malformedJSON),
        (#"{"event":"connected","event":"stop"}"#, .malformedJSON),
        (#"{"event":"conn\u0000ected"}"#, .unexpectedEvent),
        ("{\"event\":\"connected\",\"protocol\":\"a\u{01}b\"}", .malformedJSON),
        (#"{"event":"mark","sequenceNumber":"1","streamSid":"MZ","mark":{"name":"\ud800"}}"#, .malformedJSON),
        (#"{"event":"mark","sequenceNumber":"01","streamSid":"MZ","mark":{"name":"x"}}"#, .malformedJSON),
        (#"{"event":"mark","sequenceNumber":"-1","streamSid":"MZ","mark":{"name":"x"}}"#, .malformedJSON),
        (#"{"event":"mark","sequenceNumber":1.5,"streamSid":"MZ","mark":{"name":"x"}}"#, .malformedJSON),
        (#"{"event":"mark","sequenceNumber":"1","streamSid":"MZ","mark":{"name":tru}}"#, .malformedJSON),
        (#"{"event":"mark","sequenceNumber":"1","streamSid":"MZ"}"#, .invalidField),
        (#"{"event":"mark","streamSid":"MZ","mark":{"name":"x"}}"#, .invalidField),
        (#"{"event":"mark","sequenceNumber":"1","streamSid":"MZ","stop":{}}"#, .invalidField),
        (#"{"event":"dtmf","sequenceNumber":"1","streamSid":"MZ","dtmf":{"digit":"55"}}"#, .invalidField),
        (#"{"event":"dtmf","sequenceNumber":"1","streamSid":"MZ","dtmf":{"digit":"x"}}"#, .invalidField),
        (#"{"event":"media","sequenceNumber":"2","streamSid":"MZ","media":{"track":"inbound","chunk":"1","timestamp":"0"}}"#, .invalidField),
        (#"{"event":"hello"}"#, .unexpectedEvent),
        (#"{"protocol":"Call"}"#, .invalidField),
    ])
    func refusesMalformedFrames(frame: String, expected: TwilioStreamError.Code) {
        #expect(code(of: frame) == expected, "\(frame)")
    }

    @Test(arguments: ["A", "AAA", "AAAAA===", "AA=A", "AB==", "AAA=AAAA", "AA A", "AA-_", "!!!!"])
    func refusesBadBase64(payload: String) {
        #expect(code(of: Frames.media(sequence: 2, chunk: 1, timestamp: 0, base64: payload)) == .badBase64, "\(payload)")
    }

    @Test func refusesStartWhoseStreamSidsDiffer() {
        let frame = Frames.start().replacingOccurrences(of: #""streamSid":"\#(Frames.streamSid)"}"#, with: #""streamSid":"MZother"}"#)
        #expect(frame != Frames.start())
        #expect(code(of: frame) == .invalidField)
    }

    @Test func refusesOversizedFrames() {
        let frame = Frames.media(sequence: 2, chunk: 1, timestamp: 0, payload: [UInt8](repeating: 0, count: 8_000))
        #expect(code(of: frame) == .oversizedFrame)
        #expect(code(of: Frames.connected, maxFrameBytes: 20) == .oversizedFrame)
        #expect(code(of: Frames.connected, maxFrameBytes: Frames.connected.utf8.count) == nil)
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(code(of: #"{"event":"connected","x":\#(deep)}"#) == .malformedJSON)
        let shallow = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(code(of: #"{"event":"connected","x":\#(shallow)}"#) == nil)
    }

    /// Random corruption of valid frames never crashes and fails with a typed error or decodes.
    @Test func survivesRandomCorruption() {
        var rng = SystemRandomNumberGenerator()
        let frames = [Frames.connected, Frames.start(), Frames.media(sequence: 2, chunk: 1, timestamp: 20), Frames.stop(sequence: 3)]
        var buffer: [UInt8] = []
        var failures = 0
        for _ in 0..<3_000 {
            var bytes = Array(frames.randomElement(using: &rng)!.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            do {
                _ = try bytes.withUnsafeBytes { try TwilioStreamMessage.decode($0, payloadBuffer: &buffer) }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 1_000)
    }
}
