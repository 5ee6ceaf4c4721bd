/// Issues the one-time tickets that open browser calls: `POST /v1/agents/{id}/web-calls` and the
/// dashboard's "Talk to this agent" page. The server sets it; nil means web calls are off.
public protocol WebCallTicketIssuer: Sendable {
    /// A ticket for one browser call to `agentID` of `org`.
    func issue(org: String, agentID: String) throws -> WebCallTicket
}

/// What a client needs to open a browser call: the socket URL and the ticket it sends in `start`.
public struct WebCallTicket: Sendable, Equatable {
    public var token: String
    /// The public WebSocket URL of the browser media endpoint.
    public var url: String
    /// Unix time in seconds after which the ticket no longer opens a call.
    public var expiresAt: Int64

    public init(token: String, url: String, expiresAt: Int64) {
        self.token = token
        self.url = url
        self.expiresAt = expiresAt
    }
}
