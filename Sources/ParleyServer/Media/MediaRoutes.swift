import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyAPI
import ParleyCore
import ParleyTelephony

/// WebSocket endpoints for call media: `/v1/media/twilio` (Twilio Media Streams) and
/// `/v1/media/browser` (browser calls, docs/api.md "Web calls").
public struct MediaRoutes: Sendable {
    public static let twilioPath = "/v1/media/twilio"
    public static let browserPath = "/v1/media/browser"

    let environment: APIEnvironment
    let settings: MediaSettings
    let authorizer: StreamAuthorizer
    let browserTickets: BrowserCallTickets

    public init(environment: APIEnvironment, settings: MediaSettings) async throws {
        self.environment = environment
        self.settings = settings
        let key = try await environment.keyring.orgKey("stream-tokens")
        authorizer = StreamAuthorizer(
            environment: environment, tokens: StreamToken(key: key, clock: environment.clock),
            replayGuard: StreamTokenReplayGuard(clock: environment.clock), allowUnsigned: settings.allowUnsignedStreams)
        if let shared = environment.webCalls as? BrowserCallTickets {
            browserTickets = shared
        } else {
            browserTickets = try await BrowserCallTickets(keyring: environment.keyring, clock: environment.clock,
                                                          publicURL: environment.limits.publicURL)
        }
    }

    /// `publicURL` with a WebSocket scheme, followed by `path`.
    static func webSocketURL(publicURL: String, path: String) -> String {
        var base = publicURL
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst("https://".count) }
        else if base.hasPrefix("http://") { base = "ws://" + base.dropFirst("http://".count) }
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// The public wss URL of the Twilio media endpoint.
    public var streamURL: String { authorizer.streamURL }

    /// Issues the token a `<Stream>` carries (used by the voice webhook and outbound calls).
    public func streamToken(callSid: String, org: String, agentID: String) throws -> String {
        do {
            return try authorizer.tokens.issue(callSid: callSid, orgID: org, agentID: agentID)
        } catch {
            throw ParleyError(.internal, "could not issue a stream token: \(error.description)")
        }
    }

    /// The media sockets' frame limit: above the protocols' own message limits (Twilio 8 KiB,
    /// browser 64 KiB), so an oversized message gets their typed error rather than a bare close.
    public static let webSocketConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(ws: WebSocketServerConfiguration(maxFrameSize: 1 << 17))

    public func makeRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let (environment, settings, authorizer) = (self.environment, self.settings, self.authorizer)
        router.ws(RouterPath(Self.twilioPath)) { inbound, outbound, context in
            let signature = context.request.headers[HTTPField.Name("X-Twilio-Signature")!]
            let stream = TwilioMediaStream(environment: environment, settings: settings, authorizer: authorizer, logger: context.logger)
            await stream.run(inbound: inbound, outbound: outbound, upgradeSignature: signature)
        }
        let tickets = browserTickets
        router.ws(RouterPath(Self.browserPath)) { inbound, outbound, context in
            let call = BrowserMediaStream(environment: environment, settings: settings, tickets: tickets, logger: context.logger)
            await call.run(inbound: inbound, outbound: outbound)
        }
        return router
    }
}
