import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyTelephony

/// Decides whether a Twilio media stream may run, and with which org and agent.
///
/// Signed streams carry a server-issued token (call SID + org + agent + expiry) in the
/// `token` custom parameter, usable once; the WebSocket upgrade's `X-Twilio-Signature`
/// is checked against the org's Twilio auth token (org secret `twilio.auth_token`) over
/// the public wss URL. With `--dev-allow-unsigned-streams` a stream without a token may
/// name an agent of the default org in its `agent` custom parameter.
struct StreamAuthorizer: Sendable {
    static let authTokenSecret = "twilio.auth_token"

    let environment: APIEnvironment
    let tokens: StreamToken
    let replayGuard: StreamTokenReplayGuard
    let allowUnsigned: Bool

    /// The URL Twilio signed: the public URL with a WebSocket scheme.
    var streamURL: String { MediaRoutes.webSocketURL(publicURL: environment.limits.publicURL, path: MediaRoutes.twilioPath) }

    func authorize(_ info: TwilioStartInfo, upgradeSignature: String?) async throws -> (org: String, agent: StoredAgent) {
        if info.customParameters[StreamToken.parameterName] != nil {
            let claims: StreamTokenClaims
            do {
                claims = try tokens.admit(info, replayGuard: replayGuard)
            } catch {
                throw ParleyError(.unauthorized, "stream token refused: \(error.description)")
            }
            guard let authToken = try await environment.secrets.reveal(org: claims.orgID, name: Self.authTokenSecret) else {
                throw ParleyError(.unauthorized, "the organization has no \(Self.authTokenSecret) secret to check Twilio's signature")
            }
            do {
                try TwilioSignature(authToken: authToken).verifyWebSocketUpgrade(upgradeSignature, url: streamURL)
            } catch {
                throw ParleyError(.unauthorized, "X-Twilio-Signature of the stream refused: \(error.description)")
            }
            guard let agent = try await environment.agents.find(claims.agentID, org: claims.orgID) else {
                throw ParleyError(.notFound, "the stream's agent no longer exists")
            }
            return (claims.orgID, agent)
        }
        guard allowUnsigned else {
            throw ParleyError(.unauthorized, "stream has no token (start Twilio streams through Parley's voice webhook, or use --dev-allow-unsigned-streams locally)")
        }
        guard let org = try await environment.organizations.defaultOrganization()?.id else {
            throw ParleyError(.notFound, "no default organization")
        }
        let name = info.customParameters["agent"] ?? "demo"
        guard let agent = try await environment.agents.find(nameOrID: name, org: org) else {
            throw ParleyError(.notFound, "no agent '\(name.prefix(64))' in the default organization")
        }
        return (org, agent)
    }
}
