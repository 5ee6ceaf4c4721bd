/// Why a Twilio Media Streams frame was refused; the stream is closed after any of these.
public struct TwilioStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A binary WebSocket frame (Twilio sends text only: its warning 31950, "Malformed Message").
        case binaryFrame = "binary_frame"
        /// The frame is not one strict JSON object of the documented shape.
        case malformedJSON = "malformed_json"
        /// A required field is missing or has the wrong type or value.
        case invalidField = "invalid_field"
        /// `media.payload` is not valid standard base64.
        case badBase64 = "bad_base64"
        /// The frame is larger than the configured limit.
        case oversizedFrame = "oversized_frame"
        /// The decoded audio payload is empty, too long or not a whole number of frames.
        case badPayloadSize = "bad_payload_size"
        /// An event that is unknown or not allowed in the current state.
        case unexpectedEvent = "unexpected_event"
        /// A sequence number, chunk or timestamp went backwards.
        case outOfOrder = "out_of_order"
        /// The message names another stream than the one that started.
        case unknownStreamSid = "unknown_stream_sid"
        /// The stream's audio is not μ-law, 8000 Hz, mono.
        case badMediaFormat = "bad_media_format"
        /// Nothing arrived for too long (no `start` after `connected`, or silence from Twilio).
        case timeout = "timeout"
        /// An outbound message was asked for while the stream is not streaming.
        case notStreaming = "not_streaming"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
