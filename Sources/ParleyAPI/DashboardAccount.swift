import Foundation
import Hummingbird
import ParleyCore
import ParleyIdentity

/// The signed-in user's own account: password and TOTP second factor.
struct DashboardAccount: Sendable {
    let dashboard: Dashboard
    var env: APIEnvironment { dashboard.environment }

    func register(on router: Router<APIContext>) {
        router.post("/account/password") { request, _ in
            guard let viewer = try await dashboard.auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: 16 * 1024)
            try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
            do {
                if !viewer.mustChangePassword {
                    guard let creds = try await env.users.credentials(userID: viewer.user.id),
                          try await env.users.hasher.verify(form["current"] ?? "", hash: creds.passwordHash) else {
                        throw ParleyError.validation("the current password is not correct", field: "current")
                    }
                }
                try await env.users.setPassword(userID: viewer.user.id, password: form["new"] ?? "")
            } catch let error as ParleyError {
                return DashboardRenderer.redirect("/settings", setCookies: [dashboard.flashCookieValue("Not saved: \(error.message)")])
            }
            // Changing the password ended every session; start a fresh one for this browser.
            let (_, token) = try await env.sessions.create(userID: viewer.user.id, orgID: viewer.principal.orgID, awaitingTOTP: false)
            return DashboardRenderer.redirect("/dashboard", setCookies: [dashboard.auth.sessionCookie(token: token), dashboard.flashCookieValue("Password changed.")])
        }
        router.post("/account/totp/setup") { request, _ in
            guard let viewer = try await dashboard.auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: 16 * 1024)
            try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
            guard !viewer.user.totpEnabled else { return DashboardRenderer.redirect("/settings") }
            let secret = TOTP.makeSecret()
            try await env.users.setPendingTOTPSecret(userID: viewer.user.id, secret: secret)
            return try await dashboard.settingsPage(viewer, flash: nil, totpSecret: secret)
        }
        router.post("/account/totp/enable") { request, _ in
            guard let viewer = try await dashboard.auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: 16 * 1024)
            try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
            let ok = try await env.users.enableTOTP(userID: viewer.user.id, code: form["code"] ?? "")
            return DashboardRenderer.redirect("/settings", setCookies: [dashboard.flashCookieValue(
                ok ? "Two-factor authentication is on." : "That code is not valid; set up again and retry.")])
        }
        router.post("/account/totp/disable") { request, _ in
            guard let viewer = try await dashboard.auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            let form = try await FormData.read(request, limit: 16 * 1024)
            try DashboardAuth.checkCSRF(form, expected: viewer.session.csrfToken)
            guard let creds = try await env.users.credentials(userID: viewer.user.id), let secret = creds.totpSecret,
                  TOTP.verify(form["code"] ?? "", secret: secret, at: env.clock.nowSeconds()) else {
                return DashboardRenderer.redirect("/settings", setCookies: [dashboard.flashCookieValue("That code is not valid.")])
            }
            try await env.users.disableTOTP(userID: viewer.user.id)
            return DashboardRenderer.redirect("/settings", setCookies: [dashboard.flashCookieValue("Two-factor authentication is off.")])
        }
    }
}
