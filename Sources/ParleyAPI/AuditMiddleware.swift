import Hummingbird
import ParleyAudit
import ParleyCore
import ParleyIdentity
import ParleyStorage

/// Records every mutating request (API and dashboard) and every read of sensitive data (secrets,
/// call details with transcripts, recordings) into the audit outbox. Runs after authentication,
/// so an API request's actor and organization are known; dashboard handlers name their signed-in
/// user through `RequestAudit.identify`. A mutating request's event is written in the same
/// transaction as its change (`RequestAudit`); events with no change to join go through the
/// group-committing `AuditWriter`. Either way the response leaves only after its event is
/// committed. Refused authentication is recorded by `AuthMiddleware`.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let audit: AuditLog
    let writer: AuditWriter
    let clock: any WallClock

    /// Reads that are audited like writes.
    static let sensitiveReads: Set<String> = [
        "/v1/secrets", "/v1/calls/{id}", "/v1/calls/:id", "/v1/calls/{id}/recording", "/v1/calls/:id/recording",
    ]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard let template = event(request, context) else { return try await next(request, context) }
        let mutating = request.method != .get && request.method != .head && request.method != .options
        let hook = mutating ? RequestAudit(log: audit, event: template) : nil
        let response: Response
        do {
            response = try await CommitHook.$current.withValue(hook) { try await next(request, context) }
        } catch {
            await finish(hook, template, status: Self.status(of: error), context: context)
            throw error
        }
        await finish(hook, template, status: Int(response.status.code), context: context)
        return response
    }

    static func status(of error: any Error) -> Int {
        Int(ErrorMapping.status(for: ErrorMapping.parleyError(from: error).code).code)
    }

    static func outcome(status: Int) -> String {
        status < 400 ? "success:\(status)" : (status == 401 || status == 403 ? "denied:\(status)" : "failed:\(status)")
    }

    /// The event with everything but the outcome; nil for requests that are not audited.
    func event(_ request: Request, _ context: APIContext) -> AuditEvent? {
        let route = context.endpointPath ?? request.uri.path
        let mutating = request.method != .get && request.method != .head && request.method != .options
        guard route != "NotFound", mutating || Self.sensitiveReads.contains(route) else { return nil }
        return AuditEvent(
            orgID: context.principal?.orgID, actor: context.principal?.actorID ?? "anonymous",
            action: "\(request.method.rawValue) \(route)", target: context.parameters.getAll("id").joined(separator: ","),
            outcome: "", requestID: context.requestID, atMicros: clock.nowMicros(), clientIP: context.remoteIP)
    }

    /// Records the event unless it was committed with the request's change.
    func finish(_ hook: RequestAudit?, _ template: AuditEvent, status: Int, context: APIContext) async {
        let outcome = Self.outcome(status: status)
        var pending: AuditEvent?
        if let hook { pending = hook.close(outcome: outcome) } else { pending = template; pending?.outcome = outcome }
        guard let pending else { return }
        await write(pending, context: context)
    }

    func write(_ event: AuditEvent, context: APIContext) async {
        do { try await writer.record(event) } catch {
            // Auditing must not fail the request that already happened; the failure is logged loudly.
            context.logger.error("could not queue an audit event", metadata: ["error": .string("\(error)")])
        }
    }
}
