import Foundation
import NIOCore
import ParleyAudio

/// What every simulated caller sends, encoded once: the caller's line as base64 μ-law
/// payloads of 20 ms frames, a silence payload, and the byte templates of Twilio's messages,
/// so a frame on the hot path costs a buffer, a few integer writes and one copy.
public final class CallerScript: Sendable {
    /// Base64 payload per 20 ms frame of the caller's line.
    public let speech: [[UInt8]]
    public let silence: [UInt8]
    /// First frame of the line with speech energy (above -40 dBFS): barge-in latency counts from here.
    public let speechOnsetFrame: Int
    /// Custom parameters of `start` (`agent` chooses the agent on an unsigned dev stream).
    public let agent: String
    /// A barge-in every `bargeInEvery` caller turns; the others wait for the agent to finish.
    public let bargeInEvery: Int
    /// Pause between the end of agent audio and the caller's answer.
    public let answerDelayMicros: Int64
    /// How long into an agent reply the caller interrupts on a barge-in turn.
    public let interruptAfterMicros: Int64

    /// `line`: 8 kHz mono PCM16 speech (e.g. a flite voice saying something the agent understands).
    public init(line: [Int16], agent: String = "demo", bargeInEvery: Int = 5, answerDelayMicros: Int64 = 400_000,
                interruptAfterMicros: Int64 = 1_000_000) {
        var frames: [[UInt8]] = []
        var offset = 0
        while offset + 160 <= line.count {
            let codes = line[offset..<(offset + 160)].map { G711.muLaw.encode($0) }
            frames.append(Array(Data(codes).base64EncodedString().utf8))
            offset += 160
        }
        speech = frames
        var onset = 0
        while onset + 1 < frames.count {
            let frame = line[(onset * 160)..<((onset + 1) * 160)]
            let power = frame.reduce(0.0) { $0 + Double($1) * Double($1) } / 160
            if power.squareRoot() > 32_768 * 0.01 { break }
            onset += 1
        }
        speechOnsetFrame = onset
        silence = Array(Data(repeating: G711.muLaw.encode(0), count: 160).base64EncodedString().utf8)
        self.agent = agent
        self.bargeInEvery = max(bargeInEvery, 1)
        self.answerDelayMicros = answerDelayMicros
        self.interruptAfterMicros = interruptAfterMicros
    }

    /// Twilio's ids for call `index` of a run (34 characters, unique per run and call).
    static func ids(run: String, index: Int) -> (callSid: String, streamSid: String) {
        let digits = String(index)
        let body = String(run.prefix(16)) + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
        return ("CA" + body, "MZ" + body)
    }

    func connected() -> String {
        #"{"event":"connected","protocol":"Call","version":"1.0.0"}"#
    }

    func start(callSid: String, streamSid: String) -> String {
        #"{"event":"start","sequenceNumber":"1","streamSid":"\#(streamSid)","start":{"accountSid":"AC00000000000000000000000000000000","callSid":"\#(callSid)","streamSid":"\#(streamSid)","tracks":["inbound"],"customParameters":{"agent":"\#(agent)"},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}"#
    }

    func stop(callSid: String, streamSid: String, sequence: Int) -> String {
        #"{"event":"stop","sequenceNumber":"\#(sequence)","streamSid":"\#(streamSid)","stop":{"accountSid":"AC00000000000000000000000000000000","callSid":"\#(callSid)"}}"#
    }

    /// Writes one `media` message; `payload` is one of `speech` or `silence`.
    func writeMedia(into buffer: inout ByteBuffer, streamSid: [UInt8], sequence: Int, timestamp: Int64, payload: [UInt8]) {
        buffer.writeStaticString(#"{"event":"media","sequenceNumber":""#)
        buffer.writeString(String(sequence))
        buffer.writeStaticString(#"","streamSid":""#)
        buffer.writeBytes(streamSid)
        buffer.writeStaticString(#"","media":{"track":"inbound","chunk":""#)
        buffer.writeString(String(sequence - 1))
        buffer.writeStaticString(#"","timestamp":""#)
        buffer.writeString(String(timestamp))
        buffer.writeStaticString(#"","payload":""#)
        buffer.writeBytes(payload)
        buffer.writeStaticString(#""}}"#)
    }
}
