/// A failed Twilio REST request, with Twilio's own error code and explanation when it sent them.
public struct TwilioRESTError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// Parley refused to send the request (a malformed SID, an empty required field).
        case invalidRequest = "invalid_request"
        /// 401/403: wrong account SID or auth token, or no permission.
        case unauthorized = "unauthorized"
        /// 404: no such call (or account).
        case notFound = "not_found"
        /// Another 4xx: Twilio refused the request (bad number, call not in progress…).
        case rejected = "rejected"
        /// 429: too many requests.
        case rateLimited = "rate_limited"
        /// 5xx: Twilio failed; retrying may help.
        case unavailable = "unavailable"
        /// No answer: connection refused, timeout, TLS failure.
        case transport = "transport"
        /// A 2xx whose body is not the expected JSON.
        case malformedResponse = "malformed_response"
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when Twilio answered.
    public var httpStatus: Int?
    /// Twilio's error code (e.g. 21211, invalid "To" number), from its error body.
    public var twilioCode: Int?
    /// Twilio's documentation link for `twilioCode`.
    public var moreInfo: String?

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, twilioCode: Int? = nil, moreInfo: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.twilioCode = twilioCode
        self.moreInfo = moreInfo
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let httpStatus { text += " (HTTP \(httpStatus)" + (twilioCode.map { ", Twilio error \($0)" } ?? "") + ")" }
        return text
    }
}
