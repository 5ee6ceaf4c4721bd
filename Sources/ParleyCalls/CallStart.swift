/// What is known when a call starts.
public struct CallStart: Sendable {
    public var direction: CallRecord.Direction
    public var transport: String
    public var externalID: String?
    public var from: String?
    public var to: String?
    public var agentID: String?
    public var agentVersion: Int?
    /// Call audio rate when the call is recorded (nil: not recorded).
    public var recordingSampleRate: Int?
    /// `.queued` for an outbound call being placed (answered later); `.inProgress` otherwise.
    public var status: CallRecord.Status

    public init(direction: CallRecord.Direction, transport: String, externalID: String? = nil, from: String? = nil, to: String? = nil,
                agentID: String? = nil, agentVersion: Int? = nil, recordingSampleRate: Int? = nil, status: CallRecord.Status = .inProgress) {
        self.direction = direction
        self.transport = transport
        self.externalID = externalID
        self.from = from
        self.to = to
        self.agentID = agentID
        self.agentVersion = agentVersion
        self.recordingSampleRate = recordingSampleRate
        self.status = status
    }
}
