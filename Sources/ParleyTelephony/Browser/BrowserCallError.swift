/// Why a browser call message was refused; the socket is closed after any of these, with an
/// `error` message carrying the code.
public struct BrowserCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A text message that is not one JSON object of a documented shape.
        case malformedJSON = "malformed_json"
        /// A required field is missing or has the wrong type or value.
        case invalidField = "invalid_field"
        /// An event that is unknown or not allowed in the current state.
        case unexpectedEvent = "unexpected_event"
        /// Audio before `start` or after the call stopped.
        case badAudio = "bad_audio"
        /// A message larger than the configured limit.
        case oversizedMessage = "oversized_message"
        /// The client sends audio faster than real time.
        case tooFast = "too_fast"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
