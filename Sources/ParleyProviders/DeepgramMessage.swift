import Foundation
import ParleyVoice

/// A JSON text message from Deepgram's live transcription socket (`/v1/listen`).
///
/// Documented shapes (developers.deepgram.com, "Live Audio" API reference, "Finalize",
/// "Close Stream"): `{"type":"Results", "start", "duration", "is_final", "speech_final",
/// "from_finalize", "channel":{"alternatives":[{"transcript","confidence"}]}}`, plus
/// `Metadata`, `SpeechStarted` and `UtteranceEnd`, which carry nothing this client needs.
enum DeepgramMessage: Sendable, Equatable {
    case results(DeepgramResult)
    /// Any other message type, by name.
    case other(String)

    /// Parses one text frame; anything that is not a typed JSON object is a protocol violation.
    static func parse(_ text: String, provider: String) throws(ProviderError) -> DeepgramMessage {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        } catch {
            throw ProviderError(.protocolViolation, provider: provider, "unreadable message: \(text.prefix(200))")
        }
        guard envelope.type == "Results" else { return .other(envelope.type) }
        guard let start = envelope.start, let duration = envelope.duration, let channel = envelope.channel else {
            throw ProviderError(.protocolViolation, provider: provider, "Results without start, duration or channel: \(text.prefix(200))")
        }
        let best = channel.alternatives.first
        return .results(DeepgramResult(
            start: start, duration: duration, transcript: best?.transcript ?? "", confidence: best?.confidence,
            isFinal: envelope.isFinal ?? false, speechFinal: envelope.speechFinal ?? false,
            fromFinalize: envelope.fromFinalize ?? false))
    }

    private struct Envelope: Decodable {
        struct Channel: Decodable {
            struct Alternative: Decodable {
                var transcript: String
                var confidence: Double?
            }
            var alternatives: [Alternative]
        }
        var type: String
        var start: Double?
        var duration: Double?
        var isFinal: Bool?
        var speechFinal: Bool?
        var fromFinalize: Bool?
        var channel: Channel?

        enum CodingKeys: String, CodingKey {
            case type, start, duration, channel
            case isFinal = "is_final"
            case speechFinal = "speech_final"
            case fromFinalize = "from_finalize"
        }
    }
}
