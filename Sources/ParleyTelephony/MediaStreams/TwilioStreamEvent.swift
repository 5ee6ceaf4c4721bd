/// What the stream driver acts on after an inbound frame.
public enum TwilioStreamEvent: Sendable, Equatable {
    /// The stream started: check its token, pick the agent, start the call engine.
    case started(TwilioStartInfo)
    /// Caller audio as PCM16 at 8 kHz, stamped with Twilio's media clock.
    case audio(TwilioAudio)
    /// The caller pressed a key.
    case dtmf(Character)
    /// Playback reached (or `clear` discarded) the mark with this name.
    case markPlayed(String)
    /// Twilio ended the stream; close the WebSocket and finish the call.
    case stopped
}
