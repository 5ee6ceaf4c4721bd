import Hummingbird
import NIOCore
import ParleyAudio
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyVoice

/// `/v1/calls`: call records, transcripts, latency and recordings. Reading a transcript or
/// downloading a recording is audited.
enum CallRoutes {
    static func find(_ env: APIEnvironment, _ context: APIContext, org: String) async throws -> CallRecord {
        guard let call = try await env.calls.find(try HandlerSupport.pathID(context), org: org) else { throw ParleyError.notFound("call") }
        return call
    }

    static func filter(_ request: Request) throws -> CallFilter {
        let query = request.uri.queryParameters
        var filter = CallFilter()
        if let agent = query.get("agent_id") {
            guard (1...64).contains(agent.utf8.count) else { throw ParleyError.validation("agent_id is 1 to 64 characters", field: "agent_id") }
            filter.agentID = agent
        }
        if let raw = query.get("status") {
            guard let status = CallRecord.Status(rawValue: raw) else {
                throw ParleyError.validation("status must be queued, in_progress, completed or failed", field: "status")
            }
            filter.status = status
        }
        if let raw = query.get("direction") {
            guard let direction = CallRecord.Direction(rawValue: raw) else {
                throw ParleyError.validation("direction must be inbound, outbound or browser", field: "direction")
            }
            filter.direction = direction
        }
        if let number = query.get("number") {
            guard APISchemas.isE164(number) else {
                throw ParleyError.validation("number must be a phone number in E.164 form, e.g. +14155550123", field: "number")
            }
            filter.number = number
        }
        return filter
    }

    struct PlaceBody: Decodable, Sendable {
        var agent: String
        var to: String
        var from: String?
    }

    struct TransferBody: Decodable, Sendable {
        var to: String
    }

    static func dialer(_ env: APIEnvironment) throws -> any CallDialer {
        guard let dialer = env.dialer else { throw ParleyError(.conflict, "outbound calling is not available on this server") }
        return dialer
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/calls", operationID: "createCall",
                     summary: "Place an outbound call handled by an agent (Twilio; needs the org's Twilio secrets and a phone number)",
                     tag: "Calls", permission: .callsWrite, request: "CreateCallInput", response: "Call", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(PlaceBody.self, from: request)
                guard APISchemas.isE164(body.to) else { throw ParleyError.validation("to must be in E.164 form, e.g. +14155550100", field: "to") }
                if let from = body.from, !APISchemas.isE164(from) {
                    throw ParleyError.validation("from must be in E.164 form, e.g. +14155550100", field: "from")
                }
                guard body.agent.utf8.count <= 64, let agent = try await env.agents.find(nameOrID: body.agent, org: p.orgID) else {
                    throw ParleyError(.notFound, "agent not found", field: "agent")
                }
                let call = try await dialer(env).place(org: p.orgID, agent: agent, to: body.to, from: body.from)
                return try HandlerSupport.json(CallObject(call), status: .created)
            },
            APIRoute(.post, "/v1/calls/{id}/hangup", operationID: "hangUpCall", summary: "Hang up a live call",
                     tag: "Calls", permission: .callsWrite, response: "Call") { _, context in
                let p = try context.requirePrincipal()
                let call = try await find(env, context, org: p.orgID)
                try await dialer(env).hangUp(org: p.orgID, call: call)
                return try HandlerSupport.json(CallObject(call))
            },
            APIRoute(.post, "/v1/calls/{id}/transfer", operationID: "transferCall",
                     summary: "Blind-transfer a live call to a number (E.164) or SIP URI",
                     tag: "Calls", permission: .callsWrite, request: "TransferCallInput", response: "Call") { request, context in
                let p = try context.requirePrincipal()
                let call = try await find(env, context, org: p.orgID)
                let body = try await HandlerSupport.decode(TransferBody.self, from: request)
                guard APISchemas.isE164(body.to) || APISchemas.isSIPURI(body.to) else {
                    throw ParleyError.validation("to must be an E.164 number or a sip: URI", field: "to")
                }
                try await dialer(env).transfer(org: p.orgID, call: call, to: body.to)
                return try HandlerSupport.json(CallObject(call))
            },
            APIRoute(.get, "/v1/calls", operationID: "listCalls", summary: "List calls, newest last; filter by agent, status, direction or number",
                     tag: "Calls", permission: .callsRead, response: "CallList",
                     query: APIRoute.pagination + [
                        ("agent_id", "id", "Only calls that ran this agent"),
                        ("status", "enum:queued|in_progress|completed|failed", "Only calls in this state"),
                        ("direction", "enum:inbound|outbound|browser", "Only calls in this direction"),
                        ("number", "e164", "Calls from or to this number (E.164)"),
                     ]) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.calls.list(org: p.orgID, page: try HandlerSupport.page(request), filter: try filter(request))
                return try HandlerSupport.json(ListDTO(page, CallObject.init))
            },
            APIRoute(.get, "/v1/calls/{id}", operationID: "getCall",
                     summary: "A call with its transcript, events and per-turn latency (audited: transcripts are personal data)",
                     tag: "Calls", permission: .callsRead, response: "CallDetail") { _, context in
                let p = try context.requirePrincipal()
                let call = try await find(env, context, org: p.orgID)
                return try HandlerSupport.json(CallDetailDTO(
                    call: CallObject(call), transcript: try await env.calls.transcript(call.id, org: p.orgID).map(TranscriptDTO.init),
                    events: try await env.calls.events(call.id, org: p.orgID).map(CallEventDTO.init),
                    turns: try await env.calls.turns(call.id, org: p.orgID).map(TurnDTO.init)))
            },
            APIRoute(.get, "/v1/calls/{id}/recording", operationID: "getCallRecording",
                     summary: "Download the call's stereo recording as WAV (caller left, agent right); audited",
                     tag: "Calls", permission: .recordingsRead, response: nil, contentType: "audio/wav") { _, context in
                let p = try context.requirePrincipal()
                let call = try await find(env, context, org: p.orgID)
                guard call.recordingState == .available, let rate = call.recordingSampleRate,
                      let key = try await env.calls.recordingKey(call.id, org: p.orgID) else {
                    throw ParleyError.notFound("recording")
                }
                let wav = try RecordingWAV.read(store: env.blobs, org: p.orgID, call: call.id, sampleRate: rate, key: key,
                                                  expectedBytes: call.recordingBytes)
                return APIResponse(status: .ok, contentType: "audio/wav", body: ByteBuffer(bytes: wav))
            },
            APIRoute(.delete, "/v1/calls/{id}/recording", operationID: "deleteCallRecording",
                     summary: "Delete the call's recording and transcript (the call record stays)",
                     tag: "Calls", permission: .callsWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                let call = try await find(env, context, org: p.orgID)
                guard try await env.calls.deleteRecording(call.id, org: p.orgID) else { throw ParleyError.notFound("recording") }
                let name = RecordingWriter.blobName(org: p.orgID, call: call.id)
                if env.blobs.exists(name) { try env.blobs.delete(name) }
                return .noContent
            },
        ]
    }
}
