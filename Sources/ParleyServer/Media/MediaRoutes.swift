import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyAPI
import ParleyCore
import ParleyTelephony

/// WebSocket endpoints for call media: `/v1/media/twilio` (Twilio Media Streams).
public struct MediaRoutes: Sendable {
    public static let twilioPath = "/v1/media/twilio"

    let environment: APIEnvironment
    let settings: MediaSettings
    let authorizer: StreamAuthorizer

    public init(environment: APIEnvironment, settings: MediaSettings) async throws {
        self.environment = environment
        self.settings = settings
        let key = try await environment.keyring.orgKey("stream-tokens")
        authorizer = StreamAuthorizer(
            environment: environment, tokens: StreamToken(key: key, clock: environment.clock),
            replayGuard: StreamTokenReplayGuard(clock: environment.clock), allowUnsigned: settings.allowUnsignedStreams)
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

    public func makeRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let (environment, settings, authorizer) = (self.environment, self.settings, self.authorizer)
        router.ws(RouterPath(Self.twilioPath)) { inbound, outbound, context in
            let signature = context.request.headers[HTTPField.Name("X-Twilio-Signature")!]
            let stream = TwilioMediaStream(environment: environment, settings: settings, authorizer: authorizer, logger: context.logger)
            await stream.run(inbound: inbound, outbound: outbound, upgradeSignature: signature)
        }
        return router
    }
}
