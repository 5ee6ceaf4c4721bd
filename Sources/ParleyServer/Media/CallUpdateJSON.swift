import Foundation
import ParleyCalls
import ParleyCore

/// The JSON shape of a live call update, shared by the SSE stream (`GET /v1/calls/{id}/live`)
/// and the browser call socket: an event name and its object.
enum CallUpdateJSON {
    static func event(_ update: CallUpdate) -> (name: String, object: [String: Any]) {
        switch update {
        case .transcript(let entry):
            return ("transcript", [
                "speaker": entry.speaker.rawValue, "text": entry.text, "start_ms": entry.start.milliseconds,
                "end_ms": entry.end.milliseconds, "interrupted": entry.interrupted,
            ])
        case .event(let event):
            return ("event", ["at_ms": event.atMilliseconds, "kind": event.kind, "detail": event.detail])
        case .turn(let turn):
            var object: [String: Any] = ["turn": turn.turn]
            if let value = turn.voiceToVoiceMilliseconds { object["voice_to_voice_ms"] = value }
            for (key, time) in [("user_speech_end_ms", turn.userSpeechEnd), ("endpoint_ms", turn.endpoint), ("stt_final_ms", turn.sttFinal),
                                ("first_brain_output_ms", turn.firstBrainOutput), ("first_tts_audio_ms", turn.firstTTSAudio),
                                ("first_frame_out_ms", turn.firstFrameOut)] {
                if let time { object[key] = time.milliseconds }
            }
            return ("turn", object)
        case .ended(let reason):
            return ("ended", ["reason": reason])
        }
    }

    /// The update as one Server-Sent Events frame.
    static func serverSentEvent(_ update: CallUpdate) -> String {
        let (name, object) = event(update)
        return "event: \(name)\ndata: \(JSONText.encode(object))\n\n"
    }

    /// The update as one browser socket message: the object with `event` set to its name.
    static func socketMessage(_ update: CallUpdate) -> String {
        var (name, object) = event(update)
        object["event"] = name
        return JSONText.encode(object)
    }
}
