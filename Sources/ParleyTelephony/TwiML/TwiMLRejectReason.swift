/// What a rejected caller hears.
public enum TwiMLRejectReason: String, Sendable {
    /// A busy signal: the answer when an org is at its concurrency limit.
    case busy
    /// A "not in service" message.
    case rejected
}
