/// What tools of one call need from the server: the call's id (sent as `call_id`) and the
/// org's signing secret (org secret `tools.signing_secret`).
public struct ToolCallContext: Sendable, Equatable {
    /// Name of the org secret that signs tool requests.
    public static let signingSecretName = "tools.signing_secret"

    public var callID: String?
    /// Without it tool calls are refused (`not_configured`): requests are never sent unsigned.
    public var signingSecret: String?

    public init(callID: String? = nil, signingSecret: String? = nil) {
        self.callID = callID
        self.signingSecret = signingSecret
    }
}
