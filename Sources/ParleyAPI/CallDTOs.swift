import ParleyCalls
import ParleyCore
import ParleyVoice

struct TranscriptDTO: Codable, Sendable {
    var speaker: String
    var text: String
    var startMs: Int64
    var endMs: Int64
    var interrupted: Bool

    enum CodingKeys: String, CodingKey {
        case speaker, text, interrupted
        case startMs = "start_ms", endMs = "end_ms"
    }

    init(_ entry: TranscriptEntry) {
        speaker = entry.speaker.rawValue
        text = entry.text
        startMs = entry.start.milliseconds
        endMs = entry.end.milliseconds
        interrupted = entry.interrupted
    }
}

struct CallEventDTO: Codable, Sendable {
    var atMs: Int64
    var kind: String
    var detail: [String: String]

    enum CodingKeys: String, CodingKey {
        case kind, detail
        case atMs = "at_ms"
    }

    init(_ event: CallEventRecord) {
        atMs = event.atMilliseconds
        kind = event.kind
        detail = event.detail
    }
}

/// Stage times of one turn in ms on the call's media clock (null when a stage didn't happen).
struct TurnDTO: Codable, Sendable {
    var turn: Int
    var userSpeechEndMs: Int64?
    var endpointMs: Int64?
    var sttFinalMs: Int64?
    var firstBrainOutputMs: Int64?
    var firstTTSAudioMs: Int64?
    var firstFrameOutMs: Int64?
    var voiceToVoiceMs: Int64?

    enum CodingKeys: String, CodingKey {
        case turn
        case userSpeechEndMs = "user_speech_end_ms", endpointMs = "endpoint_ms", sttFinalMs = "stt_final_ms"
        case firstBrainOutputMs = "first_brain_output_ms", firstTTSAudioMs = "first_tts_audio_ms", firstFrameOutMs = "first_frame_out_ms"
        case voiceToVoiceMs = "voice_to_voice_ms"
    }

    init(_ t: TurnTelemetry) {
        turn = t.turn
        userSpeechEndMs = t.userSpeechEnd?.milliseconds
        endpointMs = t.endpoint?.milliseconds
        sttFinalMs = t.sttFinal?.milliseconds
        firstBrainOutputMs = t.firstBrainOutput?.milliseconds
        firstTTSAudioMs = t.firstTTSAudio?.milliseconds
        firstFrameOutMs = t.firstFrameOut?.milliseconds
        voiceToVoiceMs = t.voiceToVoiceMilliseconds
    }
}

struct CallDetailDTO: Codable, Sendable {
    var call: CallObject
    var transcript: [TranscriptDTO]
    var events: [CallEventDTO]
    var turns: [TurnDTO]
}
