import HTTPTypes
import Hummingbird
import ParleyCore

/// The one error envelope: `{"error":{"code","message","field"}}`.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var code: String
        var message: String
        var field: String?
        var requestId: String?

        enum CodingKeys: String, CodingKey {
            case code, message, field
            case requestId = "request_id"
        }
    }

    var error: Detail
}

/// Maps any error thrown while handling a request to a status and a `ParleyError`.
enum ErrorMapping {
    static func status(for code: ParleyError.Code) -> HTTPResponse.Status {
        switch code {
        case .badRequest, .malformedJSON, .validationFailed: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .payloadTooLarge: return .contentTooLarge
        case .unsupportedMediaType: return .unsupportedMediaType
        case .idempotencyMismatch: return .unprocessableContent
        case .rateLimited: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        case .configuration, .storage, .internal: return .internalServerError
        }
    }

    static func parleyError(from error: any Error) -> ParleyError {
        switch error {
        case let e as ParleyError:
            return e
        case is CancellationError:
            return ParleyError(.unavailable, "the server is shutting down; retry")
        case let e as RateLimitedError:
            return ParleyError(.rateLimited, e.message)
        case let e as DecodingError:
            return decodingError(e)
        case let e as HTTPError:
            switch e.status {
            case .contentTooLarge: return ParleyError(.payloadTooLarge, "request body is larger than the limit")
            case .notFound: return ParleyError(.notFound, "no such route")
            case .methodNotAllowed: return ParleyError(.methodNotAllowed, "method not allowed")
            case .unsupportedMediaType: return ParleyError(.unsupportedMediaType, e.body ?? "unsupported media type")
            case .badRequest: return ParleyError(.badRequest, e.body ?? "bad request")
            case .unauthorized: return ParleyError(.unauthorized, e.body ?? "authentication required")
            case .forbidden: return ParleyError(.forbidden, e.body ?? "forbidden")
            default:
                if e.status.code < 500 { return ParleyError(.badRequest, e.body ?? e.status.reasonPhrase) }
                return ParleyError(.internal, "internal error")
            }
        default:
            return ParleyError(.internal, "internal error")
        }
    }

    /// Turns Codable's errors into messages that say where the problem is.
    static func decodingError(_ error: DecodingError) -> ParleyError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error {
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                let detail = (ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)
                return ParleyError(.malformedJSON, "request body is not valid JSON: \(Self.clean(detail))")
            }
            return ParleyError(.validationFailed, "invalid value at '\(path(ctx.codingPath))': \(ctx.debugDescription)", field: path(ctx.codingPath))
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return ParleyError(.validationFailed, "missing required field '\(p)'", field: p)
        case .typeMismatch(let type, let ctx):
            let p = path(ctx.codingPath)
            return ParleyError(.validationFailed, "field '\(p.isEmpty ? "body" : p)' must be \(Self.describe(type))", field: p.isEmpty ? nil : p)
        case .valueNotFound(let type, let ctx):
            let p = path(ctx.codingPath)
            return ParleyError(.validationFailed, "field '\(p)' must be \(Self.describe(type)), not null", field: p)
        @unknown default:
            return ParleyError(.malformedJSON, "request body could not be decoded")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        let name = "\(type)"
        if name.contains("String") { return "a string" }
        if name.contains("Int") { return "an integer" }
        if name.contains("Bool") { return "a boolean" }
        if name.contains("Array") { return "an array" }
        if name.contains("Dictionary") { return "an object" }
        return "an object"
    }

    private static func clean(_ s: String) -> String {
        // Foundation's messages look like: `The given data was not valid JSON. … around line 1, column 9.`
        String(s.prefix(300))
    }
}
