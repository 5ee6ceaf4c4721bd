/// How an outbound call ended, as Parley records it.
public enum CallEndReason: String, Sendable, CaseIterable {
    /// Answered by a person and finished.
    case completed
    /// Nobody answered before the timeout (or the call was canceled before it was answered).
    case noAnswer = "no-answer"
    case busy
    /// Twilio could not place the call (invalid number, carrier failure).
    case failed
    /// A machine answered: voicemail, or a fax.
    case voicemail
}
