import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import ParleyCore
import ParleyIdentity

/// Renders dashboard pages inside the shared layout, with security headers.
struct DashboardRenderer: Sendable {
    let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        let pages: [(String, String)] = [
            ("layout", DashboardTemplates.layout), ("login", DashboardTemplates.login), ("totp", DashboardTemplates.totp),
            ("overview", DashboardTemplates.overview), ("users", DashboardTemplates.users), ("api-keys", DashboardTemplates.apiKeys),
            ("settings", DashboardTemplates.settings), ("accept-invite", DashboardTemplates.acceptInvite),
            ("audit", DashboardTemplates.audit), ("agents", DashboardVoiceTemplates.agents), ("agent", DashboardVoiceTemplates.agent),
            ("calls", DashboardVoiceTemplates.calls), ("call", DashboardVoiceTemplates.call),
            ("talk", DashboardVoiceTemplates.talk),
        ]
        for (name, text) in pages {
            // Templates are compiled into the binary; a parse failure is a programming error caught by tests.
            try? library.register(text, named: name)
        }
        self.library = library
    }

    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        .cacheControl: "no-store",
    ]

    /// A full page: `template` rendered with `values`, inside the layout.
    func page(_ template: String, title: String, viewer: DashboardAuth.Viewer?, values: [String: Any] = [:],
              flash: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        var context = values
        if let viewer { context["csrf"] = viewer.session.csrfToken }
        let content = library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "content": content, "nav_\(template.replacingOccurrences(of: "-", with: "_"))": true]
        if template == "overview" { layout["nav_home"] = true }
        if template == "api-keys" { layout["nav_keys"] = true }
        if template == "agent" || template == "talk" { layout["nav_agents"] = true }
        if template == "call" { layout["nav_calls"] = true }
        if let flash { layout["flash"] = flash }
        if let error { layout["error"] = error }
        if let viewer {
            layout["viewer"] = true
            layout["csrf"] = viewer.session.csrfToken
            layout["email"] = viewer.user.email
            layout["can_audit"] = viewer.principal.can(.auditRead)
            layout["can_agents"] = viewer.principal.can(.agentsRead)
            layout["can_calls"] = viewer.principal.can(.callsRead)
            layout["organizations"] = viewer.organizations.map { org, role -> [String: Any] in
                ["id": org.id, "name": org.name, "role": role.rawValue, "current": org.id == viewer.principal.orgID]
            }
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        var headers = Self.securityHeaders
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String, setCookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        for c in setCookies { headers.append(HTTPField(name: .setCookie, value: c)) }
        return Response(status: .seeOther, headers: headers)
    }

    static func time(_ micros: Int64?) -> String {
        guard let micros else { return "—" }
        let s = RFC3339.format(micros: micros)
        return String(s.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
