import Foundation
import HTTPTypes
import Logging
import NIOCore
import ParleyAudio
import ParleyCore
import Synchronization
import WSClient

/// Plays Twilio's side of a Media Streams WebSocket against a server: `connected`,
/// `start` (with custom parameters), caller audio as 20 ms μ-law `media` frames paced in
/// real time with Twilio's media timestamps, `dtmf`, echoed `mark`s, and `stop`. It
/// collects what the server sends back the way Twilio's player would: agent audio in
/// order, `clear` emptying the queue.
public struct TwilioStreamSimulator: Sendable {
    public struct Script: Sendable {
        /// Caller audio, 8 kHz mono PCM16.
        public var caller: [Int16]
        public var customParameters: [String: String]
        /// Headers of the upgrade request (e.g. `X-Twilio-Signature`).
        public var headers: [String: String]
        /// Keypad digits to send: media time (ms) → digit.
        public var digits: [Int64: Character]
        /// Silence sent after the caller audio before `stop` (ends early when the server closes).
        public var tailMilliseconds: Int64
        /// Send frames in real time (Twilio's pace) rather than as fast as possible.
        public var realTime: Bool
        public var callSid: String
        public var streamSid: String
        /// Called with the media time (ms) of each caller frame before it is sent.
        public var onFrame: (@Sendable (Int64) -> Void)?

        public init(caller: [Int16], customParameters: [String: String] = [:], headers: [String: String] = [:],
                    digits: [Int64: Character] = [:], tailMilliseconds: Int64 = 3_000, realTime: Bool = true,
                    callSid: String = "CA" + String(repeating: "0", count: 32), streamSid: String = "MZ" + String(repeating: "0", count: 32)) {
            self.caller = caller
            self.customParameters = customParameters
            self.headers = headers
            self.digits = digits
            self.tailMilliseconds = tailMilliseconds
            self.realTime = realTime
            self.callSid = callSid
            self.streamSid = streamSid
        }
    }

    public struct Result: Sendable {
        /// Agent audio in the order it was queued for playback (8 kHz PCM16).
        public var agentAudio: [Int16] = []
        /// Media time (ms, the simulator's clock) of each agent media message received.
        public var agentMediaTimes: [Int64] = []
        /// Media times at which `clear` arrived.
        public var clears: [Int64] = []
        /// Mark names echoed back.
        public var marks: [String] = []
        /// Whether the server closed the socket before the simulator sent `stop`.
        public var closedByServer = false
        public var closeCode: String?
        /// Media time when the simulator stopped sending.
        public var endedAt: Int64 = 0
    }

    public let url: String
    public let logger: Logger

    public init(url: String, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    public func run(_ script: Script) async throws -> Result {
        let result = ResultBox()
        var configuration = WebSocketClientConfiguration()
        for (name, value) in script.headers { configuration.additionalHeaders[HTTPField.Name(name)!] = value }
        let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
            let clock = ContinuousClock()
            let started = clock.now
            func mediaTime() -> Int64 {
                (clock.now - started).wholeMilliseconds
            }
            try await outbound.write(.text(#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
            try await outbound.write(.text(Self.startMessage(script)))
            let echoes = Mutex<[String]>([])
            let sender = Task {
                var sequence = 2
                var chunk = 1
                var time: Int64 = 0
                var codes = [UInt8](repeating: 0xFF, count: 160)
                let total = Int64(script.caller.count / 8) + script.tailMilliseconds
                while time < total, !Task.isCancelled {
                    if script.realTime { try await clock.sleep(until: started.advanced(by: .milliseconds(time))) }
                    script.onFrame?(time)
                    let start = Int(time) * 8
                    for index in 0..<160 {
                        let sample = start + index < script.caller.count ? script.caller[start + index] : 0
                        codes[index] = G711.muLaw.encode(sample)
                    }
                    if let digit = script.digits[time] {
                        try await outbound.write(.text(
                            #"{"event":"dtmf","sequenceNumber":"\#(sequence)","streamSid":"\#(script.streamSid)","dtmf":{"track":"inbound_track","digit":"\#(digit)"}}"#))
                        sequence += 1
                    }
                    let payload = Data(codes).base64EncodedString()
                    try await outbound.write(.text(
                        #"{"event":"media","sequenceNumber":"\#(sequence)","streamSid":"\#(script.streamSid)","media":{"track":"inbound","chunk":"\#(chunk)","timestamp":"\#(time)","payload":"\#(payload)"}}"#))
                    sequence += 1
                    chunk += 1
                    // Marks are echoed in sequence, like Twilio, once the audio before them played.
                    for name in echoes.withLock({ pending in defer { pending.removeAll() }; return pending }) {
                        try await outbound.write(.text(
                            #"{"event":"mark","sequenceNumber":"\#(sequence)","streamSid":"\#(script.streamSid)","mark":{"name":"\#(name)"}}"#))
                        sequence += 1
                    }
                    time += 20
                }
                result.withLock { $0.endedAt = time }
                try await outbound.write(.text(
                    #"{"event":"stop","sequenceNumber":"\#(sequence)","streamSid":"\#(script.streamSid)","stop":{"accountSid":"AC00000000000000000000000000000000","callSid":"\#(script.callSid)"}}"#))
            }
            defer { sender.cancel() }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message,
                      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      let event = object["event"] as? String else { continue }
                let now = mediaTime()
                switch event {
                case "media":
                    guard let media = object["media"] as? [String: Any], let payload = media["payload"] as? String,
                          let bytes = Data(base64Encoded: payload) else { continue }
                    result.withLock { r in
                        r.agentMediaTimes.append(now)
                        r.agentAudio.append(contentsOf: bytes.map { G711.muLaw.decode($0) })
                    }
                case "clear":
                    result.withLock { $0.clears.append(now) }
                case "mark":
                    if let name = (object["mark"] as? [String: Any])?["name"] as? String {
                        result.withLock { $0.marks.append(name) }
                        echoes.withLock { $0.append(name) }
                    }
                default:
                    continue
                }
            }
            if !sender.isCancelled, result.withLock({ $0.endedAt == 0 }) {
                result.withLock { $0.closedByServer = true; $0.endedAt = mediaTime() }
            }
        }
        return result.withLock { r in
            var copy = r
            copy.closeCode = close.map { "\($0.closeCode)" }
            return copy
        }
    }

    final class ResultBox: Sendable {
        private let value = Mutex(Result())
        func withLock<T>(_ body: (inout Result) -> T) -> T { value.withLock { body(&$0) } }
    }

    static func startMessage(_ script: Script) -> String {
        let parameters = script.customParameters.sorted { $0.key < $1.key }
            .map { "\"\($0.key)\":\"\($0.value.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ",")
        return #"{"event":"start","sequenceNumber":"1","streamSid":"\#(script.streamSid)","start":{"accountSid":"AC00000000000000000000000000000000","callSid":"\#(script.callSid)","streamSid":"\#(script.streamSid)","tracks":["inbound"],"customParameters":{\#(parameters)},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}"#
    }
}
