import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore
import ParleyIdentity

/// Resolves the dashboard session cookie to a principal and writes session cookies.
struct DashboardAuth: Sendable {
    static let sessionCookie = "parley_session"
    static let loginCSRFCookie = "parley_login_csrf"
    let environment: APIEnvironment

    struct Viewer: Sendable {
        var session: SessionRepository.Session
        var user: User
        var principal: Principal
        var organizations: [(Organization, Role)]
        var mustChangePassword: Bool
    }

    /// The logged-in viewer, or nil (no cookie, unknown/expired session, or TOTP still pending).
    func viewer(_ request: Request) async throws -> Viewer? {
        guard let token = request.cookies[Self.sessionCookie]?.value,
              let session = try await environment.sessions.find(token: token), !session.awaitingTOTP,
              let creds = try await environment.users.credentials(userID: session.userID) else { return nil }
        let orgs = try await environment.memberships.organizations(of: session.userID)
        guard !orgs.isEmpty else { return nil }
        let current = orgs.first { $0.0.id == session.orgID } ?? orgs[0]
        let principal = Principal(kind: .session(sessionID: session.id), orgID: current.0.id, role: current.1, userID: session.userID)
        // A dashboard post's audit entry names the signed-in user and lands in their org's chain.
        RequestAudit.current?.identify(orgID: principal.orgID, actor: principal.actorID)
        return Viewer(session: session, user: creds.user, principal: principal, organizations: orgs, mustChangePassword: creds.mustChangePassword)
    }

    func sessionCookie(token: String) -> String {
        "\(Self.sessionCookie)=\(token); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(environment.sessions.lifetimeMicros / 1_000_000)"
            + (environment.limits.secureCookies ? "; Secure" : "")
    }

    func clearedSessionCookie() -> String {
        "\(Self.sessionCookie)=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (environment.limits.secureCookies ? "; Secure" : "")
    }

    func loginCSRFCookie(_ token: String) -> String {
        "\(Self.loginCSRFCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600" + (environment.limits.secureCookies ? "; Secure" : "")
    }

    /// Refuses a form post whose `_csrf` field does not match the session's token.
    static func checkCSRF(_ form: FormData, expected: String) throws {
        guard let given = form["_csrf"], SecureToken.constantTimeEquals(given, expected) else {
            throw ParleyError(.forbidden, "the form's security token is missing or stale; reload the page and try again", field: "_csrf")
        }
    }
}
