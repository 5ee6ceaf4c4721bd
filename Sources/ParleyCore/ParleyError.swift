/// The one error type that crosses module boundaries; the API maps `code` to an HTTP status.
public struct ParleyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable, CaseIterable {
        case badRequest = "bad_request"
        case malformedJSON = "malformed_json"
        case validationFailed = "validation_failed"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case conflict = "conflict"
        case payloadTooLarge = "payload_too_large"
        case unsupportedMediaType = "unsupported_media_type"
        case idempotencyMismatch = "idempotency_key_reused"
        case rateLimited = "rate_limited"
        case unavailable = "unavailable"
        case configuration = "configuration_error"
        case storage = "storage_error"
        case `internal` = "internal_error"
    }

    public var code: Code
    public var message: String
    /// The request field (JSON path, query parameter or header) the error is about, if any.
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(message) (\(field))" }
        return "\(code.rawValue): \(message)"
    }

    public static func notFound(_ what: String) -> ParleyError {
        ParleyError(.notFound, "\(what) not found")
    }

    public static func validation(_ message: String, field: String) -> ParleyError {
        ParleyError(.validationFailed, message, field: field)
    }
}
