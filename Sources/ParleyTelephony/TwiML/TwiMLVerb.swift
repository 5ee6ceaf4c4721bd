/// A TwiML instruction Parley answers Twilio with.
public enum TwiMLVerb: Sendable {
    /// Speak `text` with Twilio's text-to-speech.
    case say(String, voice: String? = nil, language: String? = nil)
    /// Open a bidirectional Media Stream to `url` (wss, no query string: Twilio forbids it);
    /// `parameters` arrive in `start.customParameters`. With `action`, Twilio requests that URL
    /// for more TwiML once the stream ends (how a transfer is done without the REST API).
    case connectStream(url: String, parameters: [(name: String, value: String)] = [], action: String? = nil)
    /// Transfer the call: a phone number (E.164) or a `sip:` URI.
    case dial(String, callerID: String? = nil, timeoutSeconds: Int? = nil, action: String? = nil)
    /// Wait in silence.
    case pause(seconds: Int)
    /// End the call.
    case hangup
    /// Refuse an incoming call without answering it (no charge).
    case reject(TwiMLRejectReason)
}
