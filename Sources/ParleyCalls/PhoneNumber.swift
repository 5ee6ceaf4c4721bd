/// A business phone number of an org: inbound calls to it run `agentID`; outbound
/// calls may use it as caller ID. Its Twilio voice webhook is `/v1/twilio/voice/{id}`.
public struct PhoneNumber: Sendable, Equatable {
    public var id: String
    public var orgID: String
    /// E.164, e.g. `+14155550100`.
    public var number: String
    public var agentID: String?
    public var label: String
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(id: String, orgID: String, number: String, agentID: String?, label: String, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.number = number
        self.agentID = agentID
        self.label = label
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
