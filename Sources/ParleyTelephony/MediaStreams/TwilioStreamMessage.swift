/// One inbound text frame of a Twilio Media Stream, decoded and checked for shape.
///
/// Sequence numbers, chunks and timestamps arrive as strings of digits and are parsed here;
/// ordering and stream identity are checked by `TwilioStreamProtocol`.
public enum TwilioStreamMessage: Sendable, Equatable {
    /// The first message: the WebSocket is up (`protocol` is "Call").
    case connected(protocol: String, version: String)
    /// The stream's metadata; sent once, after `connected`.
    case start(sequenceNumber: Int64, info: TwilioStartInfo)
    /// Caller audio: μ-law bytes (already base64-decoded) with Twilio's media timestamp.
    case media(sequenceNumber: Int64, streamSid: String, media: TwilioMediaChunk)
    /// A keypad digit the caller pressed.
    case dtmf(sequenceNumber: Int64, streamSid: String, track: String, digit: Character)
    /// Playback reached a mark the server sent (or a `clear` discarded it).
    case mark(sequenceNumber: Int64, streamSid: String, name: String)
    /// The stream ended (hang-up, `<Stream>` stopped, call redirected).
    case stop(sequenceNumber: Int64, streamSid: String, accountSid: String, callSid: String)

    /// The event name as Twilio spells it.
    public var event: String {
        switch self {
        case .connected: "connected"
        case .start: "start"
        case .media: "media"
        case .dtmf: "dtmf"
        case .mark: "mark"
        case .stop: "stop"
        }
    }
}
