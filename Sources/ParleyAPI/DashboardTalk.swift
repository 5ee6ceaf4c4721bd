import Foundation
import Hummingbird
import NIOCore
import ParleyAudit
import ParleyCore
import ParleyIdentity

/// The dashboard's "Talk to this agent" page: the microphone streams to `/v1/media/browser`
/// through an AudioWorklet, the agent's audio plays back, and the live transcript and
/// per-turn latency appear as the call runs. The page asks `POST /agents/{id}/talk` (session +
/// CSRF + `calls.write`) for a one-time ticket each time a call starts.
struct DashboardTalk: Sendable {
    let dashboard: Dashboard
    var environment: APIEnvironment { dashboard.environment }

    func register(on router: Router<APIContext>) {
        for (path, source) in [("/static/talk.js", DashboardTalkScripts.page), ("/static/talk-worklet.js", DashboardTalkScripts.worklet)] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                         body: .init(byteBuffer: ByteBuffer(string: source)))
            }
        }
        dashboard.page(router, "/agents/:id/talk", .callsWrite) { request, viewer, flash in
            let parts = request.uri.path.split(separator: "/")
            let id = parts.count >= 2 ? String(parts[parts.count - 2]) : ""
            guard let agent = try await environment.agents.find(nameOrID: id, org: viewer.principal.orgID) else { throw ParleyError.notFound("agent") }
            return dashboard.renderer.page("talk", title: "Talk to \(agent.name)", viewer: viewer, values: [
                "id": agent.id, "name": agent.name, "persona": agent.configuration.name, "version": agent.version,
                "available": environment.webCalls != nil,
            ], flash: flash)
        }
        router.post("/agents/:id/talk") { request, context in
            do {
                guard let viewer = try await dashboard.auth.viewer(request) else {
                    throw ParleyError(.unauthorized, "your session has ended; sign in again")
                }
                let form = try await FormData.read(request, limit: 4_096)
                try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
                guard viewer.principal.can(.callsWrite) else {
                    throw ParleyError(.forbidden, "your role (\(viewer.principal.role.rawValue)) does not have the calls.write permission")
                }
                guard let agent = try await environment.agents.find(nameOrID: context.parameters.get("id") ?? "", org: viewer.principal.orgID) else {
                    throw ParleyError.notFound("agent")
                }
                guard let issuer = environment.webCalls else { throw ParleyError(.unavailable, "web calls are not available on this server") }
                let ticket = try issuer.issue(org: viewer.principal.orgID, agentID: agent.id)
                return Self.json(["token": ticket.token, "path": "/v1/media/browser", "expires_at": ticket.expiresAt], status: .ok)
            } catch let error as ParleyError {
                return Self.json(["error": ["code": error.code.rawValue, "message": error.message]], status: ErrorMapping.status(for: error.code))
            }
        }
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: JSONText.encode(object))))
    }
}
