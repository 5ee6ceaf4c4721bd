/// Something that happened, as written by a request or a service. Holds opaque ids only, never
/// personal data, so erasing a person never breaks the chain.
public struct AuditEvent: Sendable, Equatable {
    /// `nil` for events without an organization (start-up, refused authentication): the system chain.
    public var orgID: String?
    /// Who: an API key id, a user id, or `system`/`anonymous`.
    public var actor: String
    /// What, e.g. `POST /v1/api-keys` or `server.start`.
    public var action: String
    /// The ids acted on, comma-separated.
    public var target: String
    /// `success`, `denied` or `failed`, optionally with a status: `success:201`.
    public var outcome: String
    public var requestID: String
    public var atMicros: Int64
    /// Stored encrypted beside the entry, outside the chained fields.
    public var clientIP: String?

    public init(orgID: String?, actor: String, action: String, target: String = "", outcome: String, requestID: String = "",
                atMicros: Int64, clientIP: String? = nil) {
        self.orgID = orgID
        self.actor = actor
        self.action = action
        self.target = target
        self.outcome = outcome
        self.requestID = requestID
        self.atMicros = atMicros
        self.clientIP = clientIP
    }

    /// The chain an event belongs to: its organization, or `system`.
    public var chain: String { orgID ?? AuditChain.systemChain }
}
