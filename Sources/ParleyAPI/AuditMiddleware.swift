import Hummingbird
import ParleyAudit
import ParleyCore
import ParleyIdentity

/// Records every mutating API request and every read of sensitive data (secrets now; recordings,
/// transcripts and exports as they arrive) into the audit outbox. Runs after authentication, so
/// the actor and organization are known; refused authentication is recorded by `AuthMiddleware`.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let audit: AuditLog
    let clock: any WallClock

    /// Reads that are audited like writes.
    static let sensitiveReads: Set<String> = [
        "/v1/secrets", "/v1/calls/{id}", "/v1/calls/:id", "/v1/calls/{id}/recording", "/v1/calls/:id/recording",
    ]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let mutating = request.method != .get && request.method != .head && request.method != .options
        let status: Int
        let response: Response
        do {
            response = try await next(request, context)
            status = Int(response.status.code)
        } catch {
            status = Int(ErrorMapping.status(for: ErrorMapping.parleyError(from: error).code).code)
            await record(request, context, status: status, mutating: mutating)
            throw error
        }
        await record(request, context, status: status, mutating: mutating)
        return response
    }

    func record(_ request: Request, _ context: APIContext, status: Int, mutating: Bool) async {
        let route = context.endpointPath ?? request.uri.path
        guard route != "NotFound", mutating || Self.sensitiveReads.contains(route) else { return }
        let outcome = status < 400 ? "success:\(status)" : (status == 401 || status == 403 ? "denied:\(status)" : "failed:\(status)")
        let event = AuditEvent(
            orgID: context.principal?.orgID, actor: context.principal?.actorID ?? "anonymous",
            action: "\(request.method.rawValue) \(route)", target: context.parameters.getAll("id").joined(separator: ","),
            outcome: outcome, requestID: context.requestID, atMicros: clock.nowMicros(), clientIP: context.remoteIP)
        do { try await audit.record(event) } catch {
            // Auditing must not fail the request that already happened; the failure is logged loudly.
            context.logger.error("could not queue an audit event", metadata: ["error": .string("\(error)")])
        }
    }
}
