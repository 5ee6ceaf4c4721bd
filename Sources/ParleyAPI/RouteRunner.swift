import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyIdentity

/// Wraps every API route with the checks that must never be forgotten: authentication, the
/// permission the route declares, the body size limit, and Idempotency-Key handling on POST.
struct RouteRunner: Sendable {
    let environment: APIEnvironment

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!
    /// Response fields never stored for replay (secrets shown once).
    static let redactedOnReplay: Set<String> = ["secret", "token", "accept_url"]

    func responder(for route: APIRoute) -> @Sendable (Request, APIContext) async throws -> Response {
        let env = environment
        return { request, context in
            var request = request
            if let permission = route.permission {
                let principal = try context.requirePrincipal()
                guard principal.can(permission) else {
                    throw ParleyError(.forbidden, "your role (\(principal.role.rawValue)) does not have the \(permission.rawValue) permission")
                }
            }
            let hasBody = request.method == .post || request.method == .patch || request.method == .put
            var bodyBytes = ByteBuffer()
            if hasBody {
                if let length = request.headers[.contentLength].flatMap(Int.init), length > env.limits.maxBodyBytes {
                    throw ParleyError(.payloadTooLarge, "request body is \(length) bytes; the limit is \(env.limits.maxBodyBytes)")
                }
                do {
                    bodyBytes = try await request.collectBody(upTo: env.limits.maxBodyBytes)
                } catch let error as NIOTooManyBytesError {
                    _ = error
                    throw ParleyError(.payloadTooLarge, "request body is larger than the limit of \(env.limits.maxBodyBytes) bytes")
                }
            }
            guard request.method == .post, let key = request.headers[Self.idempotencyHeader], let principal = context.principal else {
                return try await route.handler(request, context).response
            }
            guard (1...255).contains(key.utf8.count) else {
                throw ParleyError.validation("Idempotency-Key must be 1–255 characters", field: "Idempotency-Key")
            }
            var hasher = SHA256()
            hasher.update(data: Array("\(request.method.rawValue) \(request.uri.path)\n".utf8))
            hasher.update(data: Array(bodyBytes.readableBytesView))
            let fingerprint = SecureToken.hex(hasher.finalize())
            switch try await env.idempotency.claim(org: principal.orgID, actor: principal.actorID, key: key, requestHash: fingerprint) {
            case .replay(let stored):
                var headers = HTTPFields()
                headers[.contentType] = stored.contentType
                headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
                return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: stored.body)))
            case .claimed:
                let response: APIResponse
                do {
                    response = try await route.handler(request, context)
                } catch {
                    let mapped = ErrorMapping.parleyError(from: error)
                    if ErrorMapping.status(for: mapped.code).code >= 500 || mapped.code == .rateLimited {
                        try? await env.idempotency.release(org: principal.orgID, actor: principal.actorID, key: key)
                    } else {
                        let body = ErrorBody(error: .init(code: mapped.code.rawValue, message: mapped.message, field: mapped.field))
                        let text = String(decoding: (try? JSONEncoder().encode(body)) ?? Data(), as: UTF8.self)
                        try await env.idempotency.complete(org: principal.orgID, actor: principal.actorID, key: key, response: .init(
                            status: ErrorMapping.status(for: mapped.code).code, contentType: HandlerSupport.jsonContentType, body: text))
                    }
                    throw error
                }
                let text = Self.redacted(String(buffer: response.body))
                try await env.idempotency.complete(org: principal.orgID, actor: principal.actorID, key: key, response: .init(
                    status: response.status.code, contentType: response.contentType, body: text))
                return response.response
            }
        }
    }

    /// Removes one-time secrets from a JSON object before it is stored for replay.
    static func redacted(_ json: String) -> String {
        guard let data = json.data(using: .utf8),
              var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object.keys.contains(where: redactedOnReplay.contains)
        else { return json }
        for key in redactedOnReplay where object[key] != nil { object[key] = nil }
        guard let out = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return json }
        return String(decoding: out, as: UTF8.self)
    }
}
