import Foundation
import Hummingbird
import NIOCore
import ParleyAudio
import ParleyAudit
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyStorage
import ParleyVoice

/// Dashboard pages for agents (list, create, edit as JSON, delete) and calls (list with
/// filters, detail with transcript, latency per turn, events and the recording).
struct DashboardVoice: Sendable {
    let dashboard: Dashboard
    var environment: APIEnvironment { dashboard.environment }
    var renderer: DashboardRenderer { dashboard.renderer }

    static func pretty(_ configuration: AgentConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func milliseconds(_ value: Int64?) -> String { value.map { "\($0) ms" } ?? "—" }

    static func duration(_ ms: Int64?) -> String {
        guard let ms else { return "—" }
        return String(format: "%d:%02d", ms / 60_000, (ms / 1000) % 60)
    }

    func agentValues(_ agent: StoredAgent) -> [String: Any] {
        var brain = "flow"
        if case .llm = agent.configuration.brain { brain = "LLM" }
        return ["id": agent.id, "name": agent.name, "persona": agent.configuration.name, "brain": brain, "version": agent.version,
                "next_version": agent.version + 1, "updated": DashboardRenderer.time(agent.updatedAt),
                "configuration": Self.pretty(agent.configuration)]
    }

    func register(on router: Router<APIContext>) {
        dashboard.page(router, "/agents", .agentsRead) { _, viewer, flash in
            let agents = try await environment.agents.list(org: viewer.principal.orgID, page: .init(limit: PageRequest.maxLimit)).items
            let template = (try? AgentConfiguration.builtIn(named: "demo")).map(Self.pretty) ?? "{}"
            return renderer.page("agents", title: "Agents", viewer: viewer, values: [
                "agents": agents.map(agentValues), "can_write": viewer.principal.can(.agentsWrite), "template": template,
            ], flash: flash)
        }
        dashboard.page(router, "/agents/:id", .agentsRead) { request, viewer, flash in
            let id = String(request.uri.path.split(separator: "/").last ?? "")
            guard let agent = try await environment.agents.find(nameOrID: id, org: viewer.principal.orgID) else { throw ParleyError.notFound("agent") }
            var values = agentValues(agent)
            values["can_write"] = viewer.principal.can(.agentsWrite)
            values["can_talk"] = viewer.principal.can(.callsWrite)
            return renderer.page("agent", title: "Agent \(agent.name)", viewer: viewer, values: values, flash: flash)
        }
        dashboard.post(router, "/agents", .agentsWrite) { form, viewer in
            let configuration = try Self.configuration(try form.required("configuration", label: "Configuration"))
            let agent = try await environment.agents.create(org: viewer.principal.orgID, name: try form.required("name", label: "Name"),
                                                            configuration: configuration)
            return ("/agents/\(agent.id)", "Agent \(agent.name) created.")
        }
        dashboard.post(router, "/agents/:id", .agentsWrite) { form, viewer, id in
            let configuration = try Self.configuration(try form.required("configuration", label: "Configuration"))
            guard let agent = try await environment.agents.update(id, org: viewer.principal.orgID, name: nil, configuration: configuration,
                                                                  expectedVersion: form["version"].flatMap { Int($0) }) else {
                throw ParleyError.notFound("agent")
            }
            return ("/agents/\(agent.id)", "Saved as version \(agent.version).")
        }
        dashboard.post(router, "/agents/:id/delete", .agentsWrite) { _, viewer, id in
            guard try await environment.agents.delete(id, org: viewer.principal.orgID) else { throw ParleyError.notFound("agent") }
            return ("/agents", "Agent deleted.")
        }
        dashboard.page(router, "/calls", .callsRead) { request, viewer, flash in
            let q = request.uri.queryParameters
            var filter = CallFilter()
            let status = q.get("status").flatMap { CallRecord.Status(rawValue: $0) }
            filter.status = status
            let number = q.get("number").flatMap { APISchemas.isE164($0) ? $0 : nil }
            filter.number = number
            filter.agentID = q.get("agent_id").flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
            let after = q.get("after").flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
            let page = try await environment.calls.list(org: viewer.principal.orgID, page: .init(limit: 50, after: after), filter: filter)
            let rows = page.items.map { call -> [String: Any] in
                ["id": call.id, "started": DashboardRenderer.time(call.startedAt), "direction": call.direction.rawValue,
                 "from": call.from ?? "—", "to": call.to ?? "—", "status": call.status.rawValue, "end_reason": call.endReason ?? "—",
                 "duration": Self.duration(call.durationMilliseconds)]
            }
            var values: [String: Any] = [
                "calls": rows, "number": number ?? "", "status": status?.rawValue ?? "", "agent_id": filter.agentID ?? "",
                "statuses": CallRecord.Status.allCases.map { ["value": $0.rawValue, "selected": $0 == status] },
            ]
            if let next = page.nextCursor { values["next"] = next }
            return renderer.page("calls", title: "Calls", viewer: viewer, values: values, flash: flash)
        }
        dashboard.page(router, "/calls/:id", .callsRead) { request, viewer, flash in
            let id = String(request.uri.path.split(separator: "/").last ?? "")
            let org = viewer.principal.orgID
            guard let call = try await environment.calls.find(id, org: org) else { throw ParleyError.notFound("call") }
            try await audit(viewer, action: "GET /calls/{id}", target: call.id)
            let transcript = try await environment.calls.transcript(call.id, org: org).map { entry -> [String: Any] in
                ["at": String(format: "%.1f s", Double(entry.start.milliseconds) / 1000), "speaker": entry.speaker.rawValue,
                 "text": entry.text, "interrupted": entry.interrupted]
            }
            let turns = try await environment.calls.turns(call.id, org: org).map { t -> [String: Any] in
                func stage(_ a: MediaTime?, _ b: MediaTime?) -> String {
                    guard let a, let b else { return "—" }
                    return "\(b.since(a)) ms"
                }
                return ["turn": t.turn, "endpoint": stage(t.userSpeechEnd, t.endpoint), "stt": stage(t.endpoint, t.sttFinal),
                        "brain": stage(t.sttFinal, t.firstBrainOutput), "tts": stage(t.firstBrainOutput, t.firstTTSAudio),
                        "frame": stage(t.firstTTSAudio, t.firstFrameOut), "total": Self.milliseconds(t.voiceToVoiceMilliseconds),
                        "total_ms": t.voiceToVoiceMilliseconds ?? 0]
            }
            let events = try await environment.calls.events(call.id, org: org).map { e -> [String: Any] in
                ["at": String(format: "%.1f s", Double(e.atMilliseconds) / 1000), "kind": e.kind,
                 "detail": e.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")]
            }
            return renderer.page("call", title: "Call", viewer: viewer, values: [
                "id": call.id, "direction": call.direction.rawValue, "transport": call.transport, "from": call.from ?? "—",
                "to": call.to ?? "—", "status": call.status.rawValue, "end_reason": call.endReason ?? "—",
                "duration": Self.duration(call.durationMilliseconds), "agent": call.agentID ?? "—", "agent_version": call.agentVersion ?? 0,
                "recording": call.recordingState == .available && viewer.principal.can(.recordingsRead),
                "transcript": transcript, "turns": turns, "events": events,
            ], flash: flash)
        }
        router.get("/calls/:id/recording.wav") { request, context in
            guard let viewer = try await dashboard.auth.viewer(request) else { return DashboardRenderer.redirect("/login") }
            guard viewer.principal.can(.recordingsRead) else { throw ParleyError(.forbidden, "your role may not play recordings") }
            let org = viewer.principal.orgID
            guard let call = try await environment.calls.find(context.parameters.get("id") ?? "", org: org), call.recordingState == .available,
                  let rate = call.recordingSampleRate, let key = try await environment.calls.recordingKey(call.id, org: org) else {
                throw ParleyError.notFound("recording")
            }
            try await audit(viewer, action: "GET /calls/{id}/recording.wav", target: call.id)
            let wav = try RecordingWAV.read(store: environment.blobs, org: org, call: call.id, sampleRate: rate, key: key,
                                             expectedBytes: call.recordingBytes)
            return Response(status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: wav)))
        }
    }

    /// Transcripts and recordings are personal data: reading them from the dashboard is audited too.
    func audit(_ viewer: DashboardAuth.Viewer, action: String, target: String) async throws {
        try await environment.auditWriter.record(AuditEvent(
            orgID: viewer.principal.orgID, actor: viewer.principal.actorID, action: action, target: target, outcome: "success:200",
            atMicros: environment.clock.nowMicros()))
    }

    static func configuration(_ json: String) throws -> AgentConfiguration {
        do { return try AgentConfiguration.load(json: json) } catch {
            throw ParleyError(.validationFailed, error.description, field: "configuration")
        }
    }
}
