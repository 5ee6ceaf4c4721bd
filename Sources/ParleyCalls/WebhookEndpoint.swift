/// Where an org wants call events delivered, and which ones.
public struct WebhookEndpoint: Sendable, Equatable {
    /// Event types an endpoint can subscribe to. `call.analyzed` is defined now and fired once
    /// call analysis exists.
    public static let eventTypes = ["call.started", "call.ended", "call.analyzed"]

    public var id: String
    public var orgID: String
    public var url: String
    public var events: [String]
    public var createdAt: Int64

    public init(id: String, orgID: String, url: String, events: [String], createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.url = url
        self.events = events
        self.createdAt = createdAt
    }
}
