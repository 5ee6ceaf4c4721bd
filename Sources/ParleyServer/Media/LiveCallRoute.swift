import Foundation
import Hummingbird
import NIOCore
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyVoice

/// `GET /v1/calls/{id}/live`: Server-Sent Events of a live call (`transcript`, `event`, `turn`,
/// then `ended`), for dashboards and integrations. API key with `calls.read`; another org's
/// call is 404. A call that is not live gets one `ended` event.
struct LiveCallRoute: Sendable {
    let environment: APIEnvironment
    let hub: LiveCallHub

    func register(on router: Router<APIContext>) {
        router.get("/v1/calls/:id/live") { request, context in try await handle(request, context) }
    }

    func handle(_ request: Request, _ context: APIContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.can(.callsRead) else {
            throw ParleyError(.forbidden, "your role (\(principal.role.rawValue)) does not have the calls.read permission")
        }
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let call = try await environment.calls.find(id, org: principal.orgID) else {
            throw ParleyError.notFound("call")
        }
        let updates = hub.subscribe(call.id)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": live events of \(call.id)\n\n"))
            var ended = false
            for await update in updates {
                try await writer.write(ByteBuffer(string: CallUpdateJSON.serverSentEvent(update)))
                if case .ended = update { ended = true }
            }
            if !ended {
                let reason = (try? await environment.calls.find(call.id, org: principal.orgID))??.endReason ?? "ended"
                try await writer.write(ByteBuffer(string: CallUpdateJSON.serverSentEvent(.ended(reason: reason))))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
