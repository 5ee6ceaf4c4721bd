/// What the providers of one call need from its organization: the call id and the org secrets
/// that sign webhook tool requests and authenticate cloud providers.
public struct CallContext: Sendable, Equatable {
    /// Name of the org secret that signs tool requests.
    public static let signingSecretName = "tools.signing_secret"

    public var callID: String?
    /// Without it tool calls are refused (`not_configured`): requests are never sent unsigned.
    public var signingSecret: String?
    /// Cloud provider API keys from the org's secrets, by secret name (see `ProviderCredentials`).
    public var providerSecrets: [String: String]

    public init(callID: String? = nil, signingSecret: String? = nil, providerSecrets: [String: String] = [:]) {
        self.callID = callID
        self.signingSecret = signingSecret
        self.providerSecrets = providerSecrets
    }
}
