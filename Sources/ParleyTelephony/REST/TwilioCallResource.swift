/// The parts of Twilio's call resource Parley uses.
public struct TwilioCallResource: Sendable, Equatable, Decodable {
    /// The call SID (`CA…`).
    public var sid: String
    /// queued, ringing, in-progress, completed, busy, failed, no-answer or canceled.
    public var status: String
    public var to: String?
    public var from: String?
    public var direction: String?

    public init(sid: String, status: String, to: String? = nil, from: String? = nil, direction: String? = nil) {
        self.sid = sid
        self.status = status
        self.to = to
        self.from = from
        self.direction = direction
    }
}
