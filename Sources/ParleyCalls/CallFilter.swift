/// Filters for listing calls; all optional, combined with AND.
public struct CallFilter: Sendable {
    public var agentID: String?
    public var status: CallRecord.Status?
    public var direction: CallRecord.Direction?
    /// A phone number on either side (matched by blind index, in any common format).
    public var number: String?

    public init(agentID: String? = nil, status: CallRecord.Status? = nil, direction: CallRecord.Direction? = nil, number: String? = nil) {
        self.agentID = agentID
        self.status = status
        self.direction = direction
        self.number = number
    }
}
