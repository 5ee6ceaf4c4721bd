/// A call progress webhook (`StatusCallback` or `AsyncAmdStatusCallback`), parsed from its form.
public struct TwilioCallStatusCallback: Sendable, Equatable {
    public var callSid: String
    public var accountSid: String?
    /// Absent in asynchronous machine-detection callbacks.
    public var callStatus: TwilioCallStatus?
    public var answeredBy: TwilioAnsweredBy?
    /// Seconds the call lasted, on the final callback.
    public var callDuration: Int?

    public init(callSid: String, accountSid: String? = nil, callStatus: TwilioCallStatus?, answeredBy: TwilioAnsweredBy? = nil, callDuration: Int? = nil) {
        self.callSid = callSid
        self.accountSid = accountSid
        self.callStatus = callStatus
        self.answeredBy = answeredBy
        self.callDuration = callDuration
    }

    /// Reads the callback's form fields (check the request's signature first).
    public init(form fields: [(name: String, value: String)]) throws(TwilioRESTError) {
        func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        guard let callSid = field("CallSid"), TwilioRESTClient.isSid(callSid) else {
            throw TwilioRESTError(.invalidRequest, "the status callback has no valid CallSid")
        }
        var status: TwilioCallStatus?
        if let text = field("CallStatus") {
            guard let parsed = TwilioCallStatus(rawValue: text) else {
                throw TwilioRESTError(.invalidRequest, "unknown CallStatus \"\(text.prefix(40))\"")
            }
            status = parsed
        }
        // An unknown detection result is not a reason to drop the callback.
        let answeredBy = field("AnsweredBy").map { TwilioAnsweredBy(rawValue: $0) ?? .unknown }
        guard status != nil || answeredBy != nil else {
            throw TwilioRESTError(.invalidRequest, "the status callback has neither CallStatus nor AnsweredBy")
        }
        self.init(
            callSid: callSid, accountSid: field("AccountSid"), callStatus: status, answeredBy: answeredBy,
            callDuration: field("CallDuration").flatMap { Int($0) })
    }

    /// The end reason, once the call is over; a machine answer makes a completed call `voicemail`.
    public var endReason: CallEndReason? {
        guard let callStatus, callStatus.isFinal else { return nil }
        return Self.endReason(status: callStatus, answeredBy: answeredBy)
    }

    /// The end reason of a finished call with this status and detection result.
    public static func endReason(status: TwilioCallStatus, answeredBy: TwilioAnsweredBy?) -> CallEndReason? {
        switch status {
        case .completed: answeredBy?.isMachine == true ? .voicemail : .completed
        case .busy: .busy
        case .noAnswer, .canceled: .noAnswer
        case .failed: .failed
        case .queued, .initiated, .ringing, .inProgress: nil
        }
    }
}
