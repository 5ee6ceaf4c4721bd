/// Why a request's `X-Twilio-Signature` was refused.
public struct TwilioSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// No signature header.
        case missing = "signature_missing"
        /// The signature does not match the URL, parameters and auth token.
        case mismatch = "signature_mismatch"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
