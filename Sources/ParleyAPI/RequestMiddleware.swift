import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParleyCore

/// Outermost middleware: request ids, access logs, metrics, and the error envelope.
/// Nothing thrown below it reaches the client as anything but a typed JSON (or HTML) error.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let metrics: APIMetrics
    let routeIndex: RouteIndex

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.requestID(from: request)
        context.logger[metadataKey: "request.id"] = .string(context.requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            let handlerContext = context
            response = try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: context.eventLoop)) {
                try await next(request, handlerContext)
            }
        } catch let error as HTTPError where error.status == .notFound && (context.endpointPath ?? "NotFound") == "NotFound" {
            // No handler for this method; if the path is known, say which methods it takes.
            if let allowed = routeIndex.allowedMethods(for: request.uri.path), !allowed.contains(request.method.rawValue) {
                response = Self.errorResponse(ParleyError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; use \(allowed.joined(separator: ", "))"),
                                              request: request, context: context)
                response.headers[.allow] = allowed.joined(separator: ", ")
            } else {
                response = Self.errorResponse(error, request: request, context: context)
            }
        } catch {
            response = Self.errorResponse(error, request: request, context: context)
        }
        response.headers[Self.requestIDHeader] = context.requestID
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        context.logger.debug("request", metadata: [
            "http.method": .string(request.method.rawValue), "http.route": .string(route),
            "http.status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000),
        ])
        return response
    }

    static func requestID(from request: Request) -> String {
        if let given = request.headers[requestIDHeader], (1...64).contains(given.utf8.count),
           given.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }) {
            return given
        }
        return "req_" + SecureToken.random(bytes: 12)
    }

    static func errorResponse(_ error: any Error, request: Request, context: APIContext) -> Response {
        let mapped = ErrorMapping.parleyError(from: error)
        let status = ErrorMapping.status(for: mapped.code)
        if status.code >= 500 && !(error is CancellationError) {
            context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
        } else {
            context.logger.debug("request refused", metadata: ["error.code": .string(mapped.code.rawValue)])
        }
        var headers = HTTPFields()
        if mapped.code == .rateLimited, let retry = (error as? RateLimitedError)?.retryAfterSeconds {
            headers[.retryAfter] = String(retry)
        }
        if mapped.code == .unauthorized, request.uri.path.hasPrefix("/v1") {
            headers[.wwwAuthenticate] = "Bearer realm=\"parley\""
        }
        let wantsHTML = !request.uri.path.hasPrefix("/v1") && (request.headers[.accept]?.contains("text/html") ?? false)
        if wantsHTML {
            headers[.contentType] = "text/html; charset=utf-8"
            let html = "<!doctype html><html><head><title>\(status.code)</title><link rel=\"stylesheet\" href=\"/static/parley.css\"></head><body><main class=\"narrow\"><h1>\(status.code) \(HTML.escape(status.reasonPhrase))</h1><p>\(HTML.escape(mapped.message))</p><p><a href=\"/\">Back to Parley</a></p></main></body></html>"
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ErrorBody(error: .init(code: mapped.code.rawValue, message: mapped.message, field: mapped.field, requestId: context.requestID))
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal_error","message":"internal error"}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A 429 carrying how long to wait.
struct RateLimitedError: Error {
    var retryAfterSeconds: Int
    var message: String
}
