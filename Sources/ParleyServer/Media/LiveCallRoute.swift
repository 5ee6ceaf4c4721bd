import Foundation
import Hummingbird
import NIOCore
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyVoice

/// `GET /v1/calls/{id}/live`: Server-Sent Events of a live call (`transcript`, `event`, `turn`,
/// then `ended`), for dashboards and integrations. API key with `calls.read`; another org's
/// call is 404. A call that is not live gets one `ended` event.
struct LiveCallRoute: Sendable {
    let environment: APIEnvironment
    let hub: LiveCallHub

    func register(on router: Router<APIContext>) {
        router.get("/v1/calls/:id/live") { request, context in try await handle(request, context) }
    }

    func handle(_ request: Request, _ context: APIContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.can(.callsRead) else {
            throw ParleyError(.forbidden, "your role (\(principal.role.rawValue)) does not have the calls.read permission")
        }
        let id = context.parameters.get("id") ?? ""
        guard id.utf8.count <= 64, let call = try await environment.calls.find(id, org: principal.orgID) else {
            throw ParleyError.notFound("call")
        }
        let updates = hub.subscribe(call.id)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": live events of \(call.id)\n\n"))
            var ended = false
            for await update in updates {
                try await writer.write(ByteBuffer(string: Self.frame(update)))
                if case .ended = update { ended = true }
            }
            if !ended {
                let reason = (try? await environment.calls.find(call.id, org: principal.orgID))??.endReason ?? "ended"
                try await writer.write(ByteBuffer(string: Self.frame(.ended(reason: reason))))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    static func frame(_ update: CallUpdate) -> String {
        func json(_ object: [String: Any]) -> String {
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        switch update {
        case .transcript(let entry):
            return "event: transcript\ndata: " + json([
                "speaker": entry.speaker.rawValue, "text": entry.text, "start_ms": entry.start.milliseconds,
                "end_ms": entry.end.milliseconds, "interrupted": entry.interrupted,
            ]) + "\n\n"
        case .event(let event):
            return "event: event\ndata: " + json(["at_ms": event.atMilliseconds, "kind": event.kind, "detail": event.detail]) + "\n\n"
        case .turn(let turn):
            var object: [String: Any] = ["turn": turn.turn]
            if let value = turn.voiceToVoiceMilliseconds { object["voice_to_voice_ms"] = value }
            for (key, time) in [("user_speech_end_ms", turn.userSpeechEnd), ("endpoint_ms", turn.endpoint), ("stt_final_ms", turn.sttFinal),
                                ("first_brain_output_ms", turn.firstBrainOutput), ("first_tts_audio_ms", turn.firstTTSAudio),
                                ("first_frame_out_ms", turn.firstFrameOut)] {
                if let time { object[key] = time.milliseconds }
            }
            return "event: turn\ndata: " + json(object) + "\n\n"
        case .ended(let reason):
            return "event: ended\ndata: " + json(["reason": reason]) + "\n\n"
        }
    }
}
