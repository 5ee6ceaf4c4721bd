import Foundation
import HTTPTypes
import Hummingbird
import ParleyAudit
import ParleyCore
import ParleyIdentity
import ParleyStorage

/// The server-rendered dashboard shell: overview, org switcher, users and roles, invitations,
/// API keys and settings. Every page checks the same permission matrix as the API; every form
/// post carries the session's CSRF token.
struct Dashboard: Sendable {
    let environment: APIEnvironment
    let loginLimiter: LoginLimiter
    let auth: DashboardAuth
    let renderer = DashboardRenderer()

    init(environment: APIEnvironment, loginLimiter: LoginLimiter) {
        self.environment = environment
        self.loginLimiter = loginLimiter
        self.auth = DashboardAuth(environment: environment)
    }

    static let flashCookie = "parley_flash"

    func register(on router: Router<APIContext>) {
        router.get("/static/parley.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.css)))
        }
        router.get("/") { request, _ in
            try await auth.viewer(request) == nil ? DashboardRenderer.redirect("/login") : DashboardRenderer.redirect("/dashboard")
        }
        DashboardLogin(dashboard: self).register(on: router)
        page(router, "/dashboard", .orgRead) { _, viewer, flash in
            let p = viewer.principal
            let org = try await environment.organizations.find(p.orgID, scope: p.orgID)
            let members = try await environment.memberships.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items.count
            let keys = p.can(.apiKeysRead)
                ? try await environment.apiKeys.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items.filter { $0.revokedAt == nil }.count : 0
            return renderer.page("overview", title: "Overview", viewer: viewer, values: [
                "org_name": org?.name ?? "", "email": viewer.user.email, "role": p.role.rawValue,
                "member_count": members, "key_count": keys, "public_url": environment.limits.publicURL,
            ], flash: flash)
        }
        page(router, "/users", .usersRead) { _, viewer, flash in try await usersPage(viewer, flash: flash) }
        page(router, "/api-keys", .apiKeysRead) { _, viewer, flash in try await apiKeysPage(viewer, flash: flash) }
        page(router, "/settings", .settingsRead) { _, viewer, flash in try await settingsPage(viewer, flash: flash) }
        page(router, "/audit", .auditRead) { request, viewer, flash in
            let q = request.uri.queryParameters
            let actor = q.get("actor").flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
            let action = q.get("action").flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
            let before = q.get("before").flatMap { Int64($0) }
            let entries = try await AuditQuery(log: environment.audit).entries(
                org: viewer.principal.orgID, before: before, limit: 101, actor: actor, actionPrefix: action)
            let rows = entries.prefix(100).map { e -> [String: Any] in
                ["seq": e.seq, "at": DashboardRenderer.time(e.event.atMicros), "actor": e.event.actor, "action": e.event.action,
                 "target": e.event.target, "outcome": e.event.outcome, "ip": e.event.clientIP ?? "—"]
            }
            var values: [String: Any] = ["entries": Array(rows), "actor": actor ?? "", "action": action ?? ""]
            if entries.count > 100, let last = entries.prefix(100).last { values["next"] = last.seq }
            return renderer.page("audit", title: "Audit log", viewer: viewer, values: values, flash: flash)
        }

        post(router, "/orgs/switch", nil) { form, viewer in
            let target = try form.required("org_id", label: "Organization")
            guard viewer.organizations.contains(where: { $0.0.id == target }) else { throw ParleyError.notFound("organization") }
            try await environment.sessions.switchOrg(viewer.session.id, to: target)
            return ("/dashboard", nil)
        }
        post(router, "/invitations", .invitationsWrite) { form, viewer in
            let role = try BodyValidation.role(try form.required("role", label: "Role"))
            try BodyValidation.requireAssignable(role, by: viewer.principal)
            let (inv, token) = try await environment.invitations.create(
                org: viewer.principal.orgID, email: try form.required("email", label: "Email"), role: role, invitedBy: viewer.user.id)
            throw ShowOnce.invitation(email: inv.email, link: environment.limits.publicURL + "/invite/" + token)
        }
        post(router, "/invitations/:id/revoke", .invitationsWrite) { _, viewer, id in
            guard try await environment.invitations.revoke(id, org: viewer.principal.orgID) != nil else { throw ParleyError.notFound("invitation") }
            return ("/users", "Invitation revoked.")
        }
        post(router, "/memberships/:id/role", .membershipsWrite) { form, viewer, id in
            let role = try BodyValidation.role(try form.required("role", label: "Role"))
            guard let current = try await environment.memberships.find(id, org: viewer.principal.orgID) else { throw ParleyError.notFound("membership") }
            try BodyValidation.requireAssignable(role, by: viewer.principal)
            try BodyValidation.requireAssignable(current.role, by: viewer.principal)
            _ = try await environment.memberships.updateRole(id, org: viewer.principal.orgID, role: role)
            return ("/users", "Role changed to \(role.rawValue).")
        }
        post(router, "/memberships/:id/remove", .membershipsWrite) { _, viewer, id in
            guard let current = try await environment.memberships.find(id, org: viewer.principal.orgID) else { throw ParleyError.notFound("membership") }
            try BodyValidation.requireAssignable(current.role, by: viewer.principal)
            _ = try await environment.memberships.delete(id, org: viewer.principal.orgID)
            return ("/users", "Member removed.")
        }
        post(router, "/api-keys", .apiKeysWrite) { form, viewer in
            let role = try BodyValidation.role(form["role"] ?? "member")
            try BodyValidation.requireAssignable(role, by: viewer.principal)
            let name = try BodyValidation.name(try form.required("name", label: "Name"), max: 100)
            let (key, secret) = try await environment.apiKeys.create(org: viewer.principal.orgID, name: name, role: role, createdBy: viewer.user.id)
            throw ShowOnce.apiKey(name: key.name, secret: secret)
        }
        post(router, "/api-keys/:id/revoke", .apiKeysWrite) { _, viewer, id in
            guard let key = try await environment.apiKeys.find(id, org: viewer.principal.orgID) else { throw ParleyError.notFound("API key") }
            try BodyValidation.requireAssignable(key.role, by: viewer.principal)
            _ = try await environment.apiKeys.revoke(id, org: viewer.principal.orgID)
            return ("/api-keys", "API key revoked.")
        }
        post(router, "/settings/org", .orgWrite) { form, viewer in
            let name = try BodyValidation.name(try form.required("name", label: "Name"))
            _ = try await environment.organizations.rename(viewer.principal.orgID, to: name, scope: viewer.principal.orgID)
            return ("/settings", "Organization renamed.")
        }
        DashboardAccount(dashboard: self).register(on: router)
        DashboardVoice(dashboard: self).register(on: router)
        DashboardTalk(dashboard: self).register(on: router)
    }

    /// One-time secrets are rendered straight into the POST response, never stored or redirected.
    enum ShowOnce: Error {
        case apiKey(name: String, secret: String)
        case invitation(email: String, link: String)
    }

    // MARK: - Page plumbing

    typealias PageHandler = @Sendable (Request, DashboardAuth.Viewer, String?) async throws -> Response

    /// A GET page requiring `permission`; sends anonymous visitors to /login.
    func page(_ router: Router<APIContext>, _ path: RouterPath, _ permission: Permission, _ handler: @escaping PageHandler) {
        router.get(path) { request, _ in
            guard let viewer = try await auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            if viewer.mustChangePassword, path.description != "/settings" { return DashboardRenderer.redirect("/settings") }
            guard viewer.principal.can(permission) else {
                return renderer.page("overview", title: "Not allowed", viewer: viewer, values: [:],
                                     error: "Your role (\(viewer.principal.role.rawValue)) may not open this page.", status: .forbidden)
            }
            let flash = request.cookies[Self.flashCookie].map { FormData.decode($0.value) }
            var response = try await handler(request, viewer, flash)
            if flash != nil { response.headers.append(HTTPField(name: .setCookie, value: "\(Self.flashCookie)=; Path=/; Max-Age=0")) }
            return response
        }
    }

    func post(_ router: Router<APIContext>, _ path: RouterPath, _ permission: Permission?,
              _ handler: @escaping @Sendable (FormData, DashboardAuth.Viewer) async throws -> (String, String?)) {
        post(router, path, permission) { form, viewer, _ in try await handler(form, viewer) }
    }

    /// A form post: requires a session, the CSRF token and `permission`; redirects with a flash
    /// message, or back to the page with the error.
    func post(_ router: Router<APIContext>, _ path: RouterPath, _ permission: Permission?,
              _ handler: @escaping @Sendable (FormData, DashboardAuth.Viewer, String) async throws -> (String, String?)) {
        router.post(path) { request, context in
            guard let viewer = try await auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: environment.limits.maxBodyBytes)
            try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
            if let permission, !viewer.principal.can(permission) {
                throw ParleyError(.forbidden, "your role (\(viewer.principal.role.rawValue)) does not have the \(permission.rawValue) permission")
            }
            let id = context.parameters.get("id") ?? ""
            do {
                let (location, flash) = try await handler(form, viewer, id)
                return DashboardRenderer.redirect(location, setCookies: flash.map { [flashCookieValue($0)] } ?? [])
            } catch let once as ShowOnce {
                switch once {
                case .apiKey(let name, let secret):
                    return try await apiKeysPage(viewer, flash: nil, newKey: (name, secret))
                case .invitation(let email, let link):
                    return try await usersPage(viewer, flash: nil, invite: (email, link))
                }
            } catch let error as ParleyError where error.code != .forbidden && error.code != .notFound {
                let route = path.description
                let back = route.hasPrefix("/settings") || route.hasPrefix("/account") ? "/settings"
                    : route.hasPrefix("/api-keys") ? "/api-keys"
                    : route.hasPrefix("/agents") ? (id.isEmpty ? "/agents" : "/agents/\(id)") : "/users"
                return DashboardRenderer.redirect(back, setCookies: [flashCookieValue("Not saved: \(error.message)")])
            }
        }
    }

    func flashCookieValue(_ message: String) -> String {
        let encoded = message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "\(Self.flashCookie)=\(encoded); Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
    }

    // MARK: - Pages with one-time content

    func usersPage(_ viewer: DashboardAuth.Viewer, flash: String?, invite: (String, String)? = nil) async throws -> Response {
        let p = viewer.principal
        let memberships = try await environment.memberships.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items
        let users = try await environment.users.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) })
        let canManage = p.can(.membershipsWrite)
        let members: [[String: Any]] = memberships.compactMap { m in
            guard let u = byID[m.userID] else { return nil }
            return ["name": u.name, "email": u.email, "role": m.role.rawValue, "membership_id": m.id, "csrf": viewer.session.csrfToken,
                    "can_manage": canManage && p.role.canAssign(m.role) && u.id != viewer.user.id,
                    "roles": p.role.assignableRoles.map { ["value": $0.rawValue, "selected": $0 == m.role] as [String: Any] }]
        }
        let now = environment.clock.nowMicros()
        let invitations = p.can(.invitationsRead)
            ? try await environment.invitations.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items.reversed().map { i -> [String: Any] in
                ["id": i.id, "email": i.email, "role": i.role.rawValue, "status": i.status(at: now), "pending": i.status(at: now) == "pending",
                 "expires_at": DashboardRenderer.time(i.expiresAt), "csrf": viewer.session.csrfToken]
            } : []
        var values: [String: Any] = [
            "members": members, "can_invite": p.can(.invitationsWrite), "invitations": invitations,
            "assignable": p.role.assignableRoles.map(\.rawValue), "role_names": Role.allCases.map(\.rawValue),
            "matrix": Permission.allCases.map { perm in
                ["permission": perm.rawValue, "cells": Role.allCases.map { PermissionMatrix.allows($0, perm) }] as [String: Any]
            },
        ]
        if let invite { values["invite_email"] = invite.0; values["invite_link"] = invite.1 }
        return renderer.page("users", title: "Users & roles", viewer: viewer, values: values,
                             flash: flash ?? (invite != nil ? "Invitation created." : nil))
    }

    func apiKeysPage(_ viewer: DashboardAuth.Viewer, flash: String?, newKey: (String, String)? = nil) async throws -> Response {
        let p = viewer.principal
        let keys = try await environment.apiKeys.list(org: p.orgID, page: .init(limit: PageRequest.maxLimit)).items.reversed().map { k -> [String: Any] in
            ["id": k.id, "name": k.name, "prefix": k.prefix, "role": k.role.rawValue, "created_at": DashboardRenderer.time(k.createdAt),
             "last_used_at": DashboardRenderer.time(k.lastUsedAt), "status": k.revokedAt == nil ? "active" : "revoked",
             "can_revoke": k.revokedAt == nil && p.can(.apiKeysWrite) && p.role.canAssign(k.role), "csrf": viewer.session.csrfToken]
        }
        let defaultRole = p.role == .owner ? Role.admin : p.role
        var values: [String: Any] = [
            "keys": keys, "can_write": p.can(.apiKeysWrite),
            "assignable": p.role.assignableRoles.map(\.rawValue), "default_role": defaultRole.rawValue,
        ]
        values["key_roles"] = p.role.assignableRoles.map { ["value": $0.rawValue, "is_default": $0 == defaultRole] as [String: Any] }
        if let newKey { values["new_name"] = newKey.0; values["new_secret"] = newKey.1 }
        return renderer.page("api-keys", title: "API keys", viewer: viewer, values: values, flash: flash ?? (newKey != nil ? "API key created." : nil))
    }

    func settingsPage(_ viewer: DashboardAuth.Viewer, flash: String?, totpSecret: String? = nil) async throws -> Response {
        let org = try await environment.organizations.find(viewer.principal.orgID, scope: viewer.principal.orgID)
        var values: [String: Any] = [
            "org_name": org?.name ?? "", "can_rename": viewer.principal.can(.orgWrite),
            "must_change": viewer.mustChangePassword, "totp_enabled": viewer.user.totpEnabled,
        ]
        if let totpSecret {
            values["totp_secret"] = totpSecret
            values["totp_uri"] = TOTP.provisioningURI(secret: totpSecret, account: viewer.user.email)
        }
        return renderer.page("settings", title: "Settings", viewer: viewer, values: values, flash: flash)
    }
}
