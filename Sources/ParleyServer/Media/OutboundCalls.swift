import AsyncHTTPClient
import Logging
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyStorage
import ParleyTelephony

/// Outbound calls, hang-up and transfer through Twilio's REST API with the org's
/// credentials (secrets `twilio.account_sid` and `twilio.auth_token`).
///
/// Placing a call creates its record first (status `queued`), then asks Twilio to call with
/// `Url` pointing at `/v1/twilio/outbound/{call_id}` (which answers with the stream TwiML and
/// a token bound to Twilio's CallSid), answering-machine detection, a timeout, and a signed
/// status callback that fills the end reason (no-answer, busy, failed, voicemail, completed).
public struct OutboundCalls: CallDialer {
    static let accountSidSecret = "twilio.account_sid"

    let environment: APIEnvironment
    let twilioBaseURL: String
    let ringTimeoutSeconds: Int
    let logger: Logger

    public init(environment: APIEnvironment, twilioBaseURL: String = "https://api.twilio.com", ringTimeoutSeconds: Int = 30, logger: Logger) {
        self.environment = environment
        self.twilioBaseURL = twilioBaseURL
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.logger = logger
    }

    func client(org: String) async throws -> TwilioRESTClient {
        guard let sid = try await environment.secrets.reveal(org: org, name: Self.accountSidSecret),
              let token = try await environment.secrets.reveal(org: org, name: StreamAuthorizer.authTokenSecret) else {
            throw ParleyError(.conflict, "outbound calls need the organization's Twilio credentials: set the secrets \(Self.accountSidSecret) and \(StreamAuthorizer.authTokenSecret)")
        }
        return TwilioRESTClient(credentials: TwilioCredentials(accountSid: sid, authToken: token),
                                configuration: .init(baseURL: twilioBaseURL))
    }

    func rest(_ error: TwilioRESTError) -> ParleyError {
        ParleyError(.unavailable, "Twilio refused the request: \(error.description)")
    }

    public func place(org: String, agent: StoredAgent, to raw: String, from requested: String?) async throws -> CallRecord {
        let to = try PhoneNumberRepository.normalise(raw, field: "to")
        let from: String
        if let requested {
            guard let number = try await environment.numbers.find(number: requested, org: org) else {
                throw ParleyError(.notFound, "\(requested) is not one of the organization's phone numbers", field: "from")
            }
            from = number.number
        } else {
            guard let number = try await environment.numbers.list(org: org, page: PageRequest(limit: 1)).items.first else {
                throw ParleyError(.conflict, "add a phone number (POST /v1/phone-numbers) to call from first", field: "from")
            }
            from = number.number
        }
        let client = try await client(org: org)
        let (record, _) = try await environment.calls.start(org: org, CallStart(
            direction: .outbound, transport: "twilio", from: from, to: to, agentID: agent.id, agentVersion: agent.version,
            recordingSampleRate: agent.configuration.recordingEnabled ? 8_000 : nil, status: .queued))
        let base = environment.limits.publicURL
        var request = TwilioCallRequest(to: to, from: from, instructions: .url(base + TwilioWebhooks.outboundPath + record.id))
        request.statusCallback = base + TwilioWebhooks.statusPath + record.id
        request.timeoutSeconds = ringTimeoutSeconds
        request.machineDetection = .enable
        request.asyncMachineDetection = true
        request.asyncMachineDetectionCallback = base + TwilioWebhooks.statusPath + record.id
        let created: TwilioCallResource
        do {
            created = try await client.createCall(request)
        } catch {
            try await environment.calls.finish(record.id, org: org, CallOutcome(
                endReason: "failed", endedAt: environment.clock.nowMicros(), durationMilliseconds: 0))
            throw rest(error)
        }
        try await environment.calls.setExternalID(record.id, org: org, externalID: created.sid)
        var placed = record
        placed.externalID = created.sid
        logger.info("outbound call placed", metadata: ["call.id": .string(record.id), "agent.id": .string(agent.id)])
        return placed
    }

    public func hangUp(org: String, call: CallRecord) async throws {
        guard let sid = call.externalID, call.status == .queued || call.status == .inProgress else {
            throw ParleyError(.conflict, "the call is not live")
        }
        let client = try await client(org: org)
        do { _ = try await client.hangUp(callSid: sid) } catch { throw rest(error) }
    }

    public func transfer(org: String, call: CallRecord, to target: String) async throws {
        guard let sid = call.externalID, call.status == .inProgress else { throw ParleyError(.conflict, "the call is not live") }
        let client = try await client(org: org)
        do { _ = try await client.redirect(callSid: sid, twiml: TwiMLResponse([.dial(target)])) } catch { throw rest(error) }
    }

    /// A status callback for call `id`: a call that never connected is closed with its
    /// reason; an answering machine is hung up on and recorded as voicemail.
    func statusChanged(call id: String, org: String, _ callback: TwilioCallStatusCallback) async throws {
        guard let record = try await environment.calls.find(id, org: org) else { return }
        if callback.answeredBy?.isMachine == true {
            if record.status == .queued || record.status == .inProgress, let sid = record.externalID {
                _ = try? await client(org: org).hangUp(callSid: sid)
            }
            try await environment.calls.setEndReason(id, org: org, reason: CallEndReason.voicemail.rawValue)
            return
        }
        guard let reason = callback.endReason else { return }
        if record.status == .queued {
            try await environment.calls.finish(id, org: org, CallOutcome(
                endReason: reason.rawValue, endedAt: environment.clock.nowMicros(), durationMilliseconds: 0))
            if let ended = try await environment.calls.find(id, org: org) {
                try await environment.webhooks.enqueue(org: org, type: "call.ended", data: CallObject(ended).json)
            }
        } else if reason == .voicemail {
            try await environment.calls.setEndReason(id, org: org, reason: reason.rawValue)
        }
    }
}
