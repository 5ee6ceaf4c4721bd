/// Twilio's `CallStatus`.
public enum TwilioCallStatus: String, Sendable, CaseIterable {
    case queued
    case initiated
    case ringing
    case inProgress = "in-progress"
    case completed
    case busy
    case noAnswer = "no-answer"
    case failed
    case canceled

    /// True once the call is over.
    public var isFinal: Bool {
        switch self {
        case .completed, .busy, .noAnswer, .failed, .canceled: true
        case .queued, .initiated, .ringing, .inProgress: false
        }
    }
}
