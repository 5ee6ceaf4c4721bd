import ParleyAPI
import ParleyCore
import ParleyKeyring
import ParleyTelephony

/// Tickets for browser calls: stream tokens under their own key (so a Twilio stream token
/// never opens a browser call, nor the reverse), valid 60 s, spent on first use.
public struct BrowserCallTickets: WebCallTicketIssuer {
    /// The call SID every browser ticket is bound to (browser calls have no carrier id).
    static let callSid = "browser"

    let tokens: StreamToken
    let replayGuard: StreamTokenReplayGuard
    let clock: any WallClock
    /// The public WebSocket URL of `/v1/media/browser`.
    public let url: String

    public init(keyring: Keyring, clock: any WallClock, publicURL: String) async throws {
        tokens = StreamToken(key: try await keyring.orgKey("web-call-tokens"), clock: clock)
        replayGuard = StreamTokenReplayGuard(clock: clock)
        self.clock = clock
        url = MediaRoutes.webSocketURL(publicURL: publicURL, path: MediaRoutes.browserPath)
    }

    public func issue(org: String, agentID: String) throws -> WebCallTicket {
        do {
            let token = try tokens.issue(callSid: Self.callSid, orgID: org, agentID: agentID)
            let claims = try tokens.verify(token, callSid: Self.callSid)
            return WebCallTicket(token: token, url: url, expiresAt: claims.expiresAt)
        } catch {
            throw ParleyError(.internal, "could not issue a web call ticket: \(error.description)")
        }
    }

    /// The org and agent a ticket opens a call to; refuses forged, expired and used tickets.
    func admit(_ token: String) throws -> StreamTokenClaims {
        do {
            let claims = try tokens.verify(token, callSid: Self.callSid)
            try replayGuard.claim(claims)
            return claims
        } catch {
            throw ParleyError(.unauthorized, "web call ticket refused: \(error.description)")
        }
    }
}
