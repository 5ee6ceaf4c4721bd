/// One event sent (or to be sent) to one endpoint, with its attempts: the delivery log.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, delivered, failed }

    public var id: String
    public var orgID: String
    public var endpointID: String
    public var eventID: String
    public var eventType: String
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Int64?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Int64
    public var deliveredAt: Int64?
}
