/// A provider (speech, brain) failed; the session falls back instead of going silent.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The provider could not be reached (connection refused, worker down).
        case unavailable
        /// The provider answered with an error (4xx/5xx, worker error frame).
        case failed
        /// Rate limited (HTTP 429); try the next provider.
        case rateLimited = "rate_limited"
        /// No answer within the deadline.
        case timeout
        /// The provider's answer could not be understood.
        case protocolViolation = "protocol_violation"
        /// Too much work queued; the request was refused at admission.
        case overloaded
        /// The request was cancelled by the session (barge-in, hang-up).
        case cancelled
    }

    public var code: Code
    public var provider: String
    public var message: String

    public init(_ code: Code, provider: String, _ message: String) {
        self.code = code
        self.provider = provider
        self.message = message
    }

    public var description: String { "\(provider): \(code.rawValue): \(message)" }
}
