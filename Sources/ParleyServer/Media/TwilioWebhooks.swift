import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyTelephony

/// Twilio's HTTP callbacks (form posts signed with `X-Twilio-Signature`, not API keys):
/// - `POST /v1/twilio/voice/{number_id}` answers an inbound call with TwiML that opens the
///   media stream, carrying a short-lived stream token bound to the call, org and agent;
/// - `POST /v1/twilio/status/{call_id}` records how an outbound call ended.
/// The signature is checked with the org's `twilio.auth_token` over the public URL Twilio
/// called; a mismatch is 403 and nothing happens.
public struct TwilioWebhooks: Sendable {
    let environment: APIEnvironment
    let media: MediaRoutes
    let outbound: OutboundCalls

    public init(environment: APIEnvironment, media: MediaRoutes, outbound: OutboundCalls) {
        self.environment = environment
        self.media = media
        self.outbound = outbound
    }

    static let voicePath = "/v1/twilio/voice/"
    static let statusPath = "/v1/twilio/status/"
    static let outboundPath = "/v1/twilio/outbound/"

    public func register(on router: Router<APIContext>) {
        router.post("/v1/twilio/voice/:id") { request, context in try await voice(request, context) }
        router.post("/v1/twilio/status/:id") { request, context in try await status(request, context) }
        router.post("/v1/twilio/outbound/:id") { request, context in try await outboundAnswered(request, context) }
        LiveCallRoute(environment: environment, hub: media.settings.liveCalls).register(on: router)
    }

    /// Reads the form and checks Twilio's signature for `org`; throws 403 on any mismatch.
    func verifiedForm(_ request: Request, path: String, org: String) async throws -> [(name: String, value: String)] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let form = FormURLEncoding.decode(String(buffer: body)) else {
            throw ParleyError(.badRequest, "Twilio webhook body is not form-encoded")
        }
        guard let authToken = try await environment.secrets.reveal(org: org, name: StreamAuthorizer.authTokenSecret) else {
            throw ParleyError(.forbidden, "the organization has no \(StreamAuthorizer.authTokenSecret) secret to check Twilio's signature")
        }
        let url = environment.limits.publicURL + path
        do {
            try TwilioSignature(authToken: authToken).verify(request.headers[HTTPField.Name("X-Twilio-Signature")!], url: url, parameters: form)
        } catch {
            throw ParleyError(.forbidden, "X-Twilio-Signature refused: \(error)")
        }
        return form
    }

    func twiml(_ response: TwiMLResponse) -> Response {
        Response(status: .ok, headers: [.contentType: TwiMLResponse.contentType], body: .init(byteBuffer: ByteBuffer(string: response.xml)))
    }

    func voice(_ request: Request, _ context: APIContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let number = try await environment.numbers.find(webhookID: id) else {
            throw ParleyError.notFound("phone number")
        }
        let form = try await verifiedForm(request, path: Self.voicePath + id, org: number.orgID)
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard let callSid = field("CallSid"), !callSid.isEmpty else { throw ParleyError.validation("CallSid is missing", field: "CallSid") }
        guard let agentID = number.agentID, let agent = try await environment.agents.find(agentID, org: number.orgID) else {
            context.logger.warning("inbound call to a number without an agent", metadata: ["number.id": .string(number.id)])
            return twiml(TwiMLResponse([.say("Sorry, this number is not taking calls right now. Goodbye."), .hangup]))
        }
        guard media.settings.admission.hasCapacity(org: number.orgID) else {
            media.settings.metrics?.callRefused()
            context.logger.notice("inbound call refused: at the call limit", metadata: ["number.id": .string(number.id)])
            return twiml(TwiMLResponse.busy)
        }
        let token = try media.streamToken(callSid: callSid, org: number.orgID, agentID: agent.id)
        var parameters: [(name: String, value: String)] = [("direction", "inbound")]
        if let from = field("From") { parameters.append(("from", from)) }
        if let to = field("To") { parameters.append(("to", to)) }
        context.logger.info("inbound call answered", metadata: ["number.id": .string(number.id), "agent.id": .string(agent.id)])
        return twiml(TwiMLResponse.stream(url: media.streamURL, token: token, parameters: parameters))
    }

    /// Twilio fetches the TwiML of a placed call once it is answered.
    func outboundAnswered(_ request: Request, _ context: APIContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let org = try await environment.calls.organization(ofCall: id),
              let call = try await environment.calls.find(id, org: org) else {
            throw ParleyError.notFound("call")
        }
        let form = try await verifiedForm(request, path: Self.outboundPath + id, org: org)
        let callSid = form.first { $0.name == "CallSid" }?.value ?? ""
        guard !callSid.isEmpty, call.externalID == nil || call.externalID == callSid, call.status == .queued, let agentID = call.agentID else {
            return twiml(TwiMLResponse([.hangup]))
        }
        let token = try media.streamToken(callSid: callSid, org: org, agentID: agentID)
        var parameters: [(name: String, value: String)] = [("direction", "outbound"), ("call_id", id)]
        if let from = call.from { parameters.append(("from", from)) }
        if let to = call.to { parameters.append(("to", to)) }
        return twiml(TwiMLResponse.stream(url: media.streamURL, token: token, parameters: parameters))
    }

    func status(_ request: Request, _ context: APIContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let org = try await environment.calls.organization(ofCall: id) else {
            throw ParleyError.notFound("call")
        }
        let form = try await verifiedForm(request, path: Self.statusPath + id, org: org)
        let callback: TwilioCallStatusCallback
        do { callback = try TwilioCallStatusCallback(form: form) } catch {
            throw ParleyError(.badRequest, "status callback: \(error.description)")
        }
        try await outbound.statusChanged(call: id, org: org, callback)
        return Response(status: .noContent)
    }
}
