import Foundation
import ParleyVoice

/// Where a cloud provider's API key comes from.
///
/// A tenant's own key is an org secret: `apiKeySecret` names it (default `<provider>.api_key`,
/// e.g. `openai.api_key`), and it may go to any `baseURL` the agent names. The server's
/// environment (`OPENAI_API_KEY`, …) is the operator's key: it is used only when the org has no
/// secret *and* the provider talks to its default base URL, so no agent can send the operator's
/// key, or any other environment variable, to a server of its choosing.
public struct ProviderCredentials: Sendable {
    public var secrets: [String: String]
    public var environment: [String: String]

    public init(secrets: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.secrets = secrets
        self.environment = environment
    }

    /// The org secret name holding `selection`'s key.
    public static func secretName(_ selection: ProviderSelection) -> String {
        selection.options?["apiKeySecret"]?.stringValue ?? "\(selection.provider).api_key"
    }

    /// Secret names of every cloud provider the agent's chains name (to load before a call).
    public static func secretNames(for agent: AgentConfiguration) -> [String] {
        let local: Set<String> = ["parley-speech", "flite", "silence"]
        let selections = agent.providers.stt + agent.providers.tts + agent.providers.llm
        return Array(Set(selections.filter { !local.contains($0.provider) }.map(secretName))).sorted()
    }

    /// The key for `selection`: its org secret, else the operator's `defaultVariable` when the
    /// provider uses its default base URL, else nil. `apiKeyEnv` is refused: it would let an
    /// agent read any server environment variable.
    func apiKey(_ selection: ProviderSelection, kind: String, defaultVariable: String, usesDefaultBaseURL: Bool) throws(ProviderError) -> String? {
        if selection.options?["apiKeyEnv"] != nil {
            throw ProviderError(.failed, provider: selection.provider,
                                "providers.\(kind) \(selection.provider): apiKeyEnv is not supported; store the key as an org secret and name it in apiKeySecret (default \(Self.secretName(selection)))")
        }
        if let secret = secrets[Self.secretName(selection)], !secret.isEmpty { return secret }
        return usesDefaultBaseURL ? environment[defaultVariable] : nil
    }
}
