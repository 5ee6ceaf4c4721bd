import Foundation
import HTTPTypes
import Hummingbird
import ParleyAudit
import ParleyCore
import ParleyIdentity

/// Authenticates `/v1` requests by `Authorization: Bearer <API key>` and applies the per-key rate limit.
/// A presented but invalid token is refused (401) rather than treated as anonymous.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let authenticator: APIKeyAuthenticator
    let keyLimiter: RateLimiter?
    let failureLimiter: RateLimiter
    let audit: AuditLog
    let clock: any WallClock

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1/"), let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var context = context
        // Only failures count against the client address: a valid key is never locked out by others' guesses.
        let ipKey = "authfail:" + context.remoteIP
        func refuse(_ message: String) -> any Error {
            if let wait = failureLimiter.take(ipKey) {
                return RateLimitedError(retryAfterSeconds: wait, message: "too many failed authentication attempts from this address")
            }
            return ParleyError(.unauthorized, message, field: "Authorization")
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer ", let principal = try await authenticator.principal(
            for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            // Refused authentication has no organization: it goes to the system chain.
            try? await audit.record(AuditEvent(orgID: nil, actor: "anonymous", action: "auth.refused \(request.method.rawValue) \(request.uri.path.prefix(100))",
                                               outcome: "denied:401", requestID: context.requestID, atMicros: clock.nowMicros(),
                                               clientIP: context.remoteIP))
            throw refuse(header.prefix(7).lowercased() == "bearer " ? "invalid or revoked API key" : "Authorization header must be 'Bearer <API key>'")
        }
        if let keyLimiter, let wait = keyLimiter.take(principal.actorID) {
            throw RateLimitedError(retryAfterSeconds: wait, message: "rate limit exceeded for this API key")
        }
        context.principal = principal
        context.logger[metadataKey: "tenant.id"] = .string(principal.orgID)
        return try await next(request, context)
    }
}
