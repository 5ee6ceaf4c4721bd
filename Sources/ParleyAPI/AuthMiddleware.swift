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
    let audit: AuditWriter
    let clock: any WallClock

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1/"), let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        var context = context
        // Only failures count against the client address: a valid key is never locked out by others' guesses.
        let ipKey = "authfail:" + context.remoteIP
        guard header.count > 7, header.prefix(7).lowercased() == "bearer ", let principal = try await authenticator.principal(
            for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            // Refused authentication has no organization: it goes to the system chain. Each refusal
            // is recorded until the address is locked out; then one `auth.locked_out` entry stands
            // for the attempts that follow, so a flood of guesses cannot flood the audit log.
            let wait = failureLimiter.take(ipKey)
            let target = "\(request.method.rawValue) \(request.uri.path.prefix(100))"
            if wait == nil {
                try? await audit.record(AuditEvent(orgID: nil, actor: "anonymous", action: "auth.refused \(target)", outcome: "denied:401",
                                                   requestID: context.requestID, atMicros: clock.nowMicros(), clientIP: context.remoteIP))
                if !failureLimiter.wouldAllow(ipKey) {
                    // This failure used the address's last attempt: what follows is answered 429, unrecorded.
                    try? await audit.record(AuditEvent(orgID: nil, actor: "anonymous", action: "auth.locked_out \(target)", outcome: "locked:429",
                                                       requestID: context.requestID, atMicros: clock.nowMicros(), clientIP: context.remoteIP))
                }
            }
            if let wait {
                throw RateLimitedError(retryAfterSeconds: wait, message: "too many failed authentication attempts from this address")
            }
            throw ParleyError(.unauthorized, header.prefix(7).lowercased() == "bearer " ? "invalid or revoked API key" : "Authorization header must be 'Bearer <API key>'",
                              field: "Authorization")
        }
        if let keyLimiter, let wait = keyLimiter.take(principal.actorID) {
            throw RateLimitedError(retryAfterSeconds: wait, message: "rate limit exceeded for this API key")
        }
        context.principal = principal
        context.logger[metadataKey: "tenant.id"] = .string(principal.orgID)
        return try await next(request, context)
    }
}
