/// What a stream token vouches for: this call may stream to this org's agent until `expiresAt`.
public struct StreamTokenClaims: Sendable, Equatable {
    public var callSid: String
    public var orgID: String
    public var agentID: String
    /// Unix time in seconds after which the token is refused.
    public var expiresAt: Int64
    /// Random and unique per token; the replay guard remembers it.
    public var nonce: String

    public init(callSid: String, orgID: String, agentID: String, expiresAt: Int64, nonce: String) {
        self.callSid = callSid
        self.orgID = orgID
        self.agentID = agentID
        self.expiresAt = expiresAt
        self.nonce = nonce
    }
}
