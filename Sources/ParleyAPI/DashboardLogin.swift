import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyIdentity

/// Login (password, then TOTP when enabled), logout, and accepting invitations by link.
/// Login attempts are rate-limited per client IP and per account.
struct DashboardLogin: Sendable {
    let dashboard: Dashboard
    var env: APIEnvironment { dashboard.environment }
    var renderer: DashboardRenderer { dashboard.renderer }
    var auth: DashboardAuth { dashboard.auth }

    func register(on router: Router<APIContext>) {
        router.get("/login") { request, _ in
            if try await auth.viewer(request) != nil { return DashboardRenderer.redirect("/dashboard") }
            return loginPage(email: "", error: nil, flash: request.cookies[Dashboard.flashCookie].map { FormData.decode($0.value) })
        }
        router.post("/login") { request, context in
            let form = try await FormData.read(request, limit: 16 * 1024)
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let cookie = request.cookies[DashboardAuth.loginCSRFCookie]?.value, let given = form["_csrf"],
                  SecureToken.constantTimeEquals(cookie, given) else {
                return loginPage(email: email, error: "Your login form expired. Please try again.", status: .forbidden)
            }
            if let wait = dashboard.loginLimiter.attempt(ip: context.remoteIP, account: email) {
                return loginPage(email: email, error: "Too many login attempts. Try again in \(wait) seconds.", status: .tooManyRequests,
                                 extra: [.retryAfter: String(wait)])
            }
            let password = form["password"] ?? ""
            guard let creds = try await env.users.credentials(email: email) else {
                try await env.users.hasher.verifyDummy(password)
                dashboard.loginLimiter.failed(account: email)
                return loginPage(email: email, error: "Email or password is incorrect.", status: .unauthorized)
            }
            guard try await env.users.hasher.verify(password, hash: creds.passwordHash) else {
                dashboard.loginLimiter.failed(account: email)
                return loginPage(email: email, error: "Email or password is incorrect.", status: .unauthorized)
            }
            let orgs = try await env.memberships.organizations(of: creds.user.id)
            guard let first = orgs.first else {
                return loginPage(email: email, error: "Your account is not a member of any organization.", status: .forbidden)
            }
            dashboard.loginLimiter.succeeded(account: email)
            RequestAudit.current?.identify(orgID: first.0.id, actor: creds.user.id)
            let (_, token) = try await env.sessions.create(userID: creds.user.id, orgID: first.0.id, awaitingTOTP: creds.user.totpEnabled)
            let next = creds.user.totpEnabled ? "/login/totp" : (creds.mustChangePassword ? "/settings" : "/dashboard")
            return DashboardRenderer.redirect(next, setCookies: [auth.sessionCookie(token: token)])
        }
        router.get("/login/totp") { request, _ in
            guard let session = try await pendingSession(request) else { return DashboardRenderer.redirect("/login") }
            return renderer.page("totp", title: "Two-factor authentication", viewer: nil, values: ["csrf": session.csrfToken])
        }
        router.post("/login/totp") { request, context in
            guard let session = try await pendingSession(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: 16 * 1024)
            try DashboardAuth.checkCSRF(form, expected: session.csrfToken)
            if let wait = dashboard.loginLimiter.attempt(ip: context.remoteIP, account: session.userID) {
                return renderer.page("totp", title: "Two-factor authentication", viewer: nil, values: ["csrf": session.csrfToken],
                                     error: "Too many attempts. Try again in \(wait) seconds.", status: .tooManyRequests)
            }
            guard let creds = try await env.users.credentials(userID: session.userID), let secret = creds.totpSecret,
                  TOTP.verify(form["code"] ?? "", secret: secret, at: env.clock.nowSeconds()) else {
                dashboard.loginLimiter.failed(account: session.userID)
                return renderer.page("totp", title: "Two-factor authentication", viewer: nil, values: ["csrf": session.csrfToken],
                                     error: "That code is not valid.", status: .unauthorized)
            }
            dashboard.loginLimiter.succeeded(account: session.userID)
            RequestAudit.current?.identify(orgID: session.orgID, actor: session.userID)
            try await env.sessions.completeTOTP(session.id)
            return DashboardRenderer.redirect(creds.mustChangePassword ? "/settings" : "/dashboard")
        }
        router.post("/logout") { request, _ in
            if let token = request.cookies[DashboardAuth.sessionCookie]?.value, let session = try await env.sessions.find(token: token) {
                let form = try await FormData.read(request, limit: 16 * 1024)
                try DashboardAuth.checkCSRF(form, expected: session.csrfToken)
                try await env.sessions.delete(session.id)
            }
            return DashboardRenderer.redirect("/login", setCookies: [auth.clearedSessionCookie()])
        }
        router.get("/invite/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            guard let inv = try await env.invitations.find(token: token) else { throw ParleyError.notFound("invitation") }
            let status = inv.status(at: env.clock.nowMicros())
            guard status == "pending" else { throw ParleyError(.conflict, "this invitation is \(status); ask for a new one") }
            let org = try await env.organizations.find(inv.orgID, scope: inv.orgID)
            let existing = try await env.users.credentials(email: inv.email) != nil
            return renderer.page("accept-invite", title: "Accept invitation", viewer: nil, values: [
                "org_name": org?.name ?? "", "email": inv.email, "role": inv.role.rawValue, "token": token, "new_account": !existing,
            ])
        }
        router.post("/invite/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            let form = try await FormData.read(request, limit: 16 * 1024)
            guard let inv = try await env.invitations.find(token: token) else { throw ParleyError.notFound("invitation") }
            let existingAccount = try await env.users.credentials(email: inv.email)
            let existing = existingAccount != nil
            if let existingAccount, !(try await env.users.hasher.verify(form["password"] ?? "", hash: existingAccount.passwordHash)) {
                throw ParleyError(.forbidden, "that is not the current password of \(inv.email)")
            }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let (userID, orgID) = try await env.invitations.accept(token: token, name: String(name.prefix(200)), password: form["password"])
            if existing {
                // Existing users still log in themselves (and pass their second factor there).
                return DashboardRenderer.redirect("/login", setCookies: [dashboard.flashCookieValue("Invitation accepted. Log in to continue.")])
            }
            let (_, session) = try await env.sessions.create(userID: userID, orgID: orgID, awaitingTOTP: false)
            return DashboardRenderer.redirect("/dashboard", setCookies: [auth.sessionCookie(token: session)])
        }
    }

    func pendingSession(_ request: Request) async throws -> SessionRepository.Session? {
        guard let token = request.cookies[DashboardAuth.sessionCookie]?.value,
              let session = try await env.sessions.find(token: token), session.awaitingTOTP else { return nil }
        return session
    }

    func loginPage(email: String, error: String?, flash: String? = nil, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
        let csrf = SecureToken.random(bytes: 24)
        var headers = extra
        headers.append(HTTPField(name: .setCookie, value: auth.loginCSRFCookie(csrf)))
        if flash != nil { headers.append(HTTPField(name: .setCookie, value: "\(Dashboard.flashCookie)=; Path=/; Max-Age=0")) }
        return renderer.page("login", title: "Log in", viewer: nil, values: ["csrf": csrf, "email": email],
                             flash: flash, error: error, status: status, extraHeaders: headers)
    }
}
