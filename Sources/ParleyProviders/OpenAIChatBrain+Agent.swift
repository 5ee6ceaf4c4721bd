import Foundation
import ParleyVoice

extension OpenAIChatBrain {
    /// The brain an agent's `llm` provider selection describes.
    ///
    /// Provider `openai` (any OpenAI-compatible API). Options: `baseURL` (default
    /// `https://api.openai.com/v1`), `apiKeyEnv` (the environment variable holding the
    /// key, default `OPENAI_API_KEY`; none needed for local servers), `model`.
    public static func configured(
        for agent: AgentConfiguration, settings: LLMBrainSettings, selection: ProviderSelection,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ProviderError) -> OpenAIChatBrain {
        guard selection.provider == "openai" else {
            throw ProviderError(.unavailable, provider: selection.provider, "unknown llm provider '\(selection.provider)'; this build speaks OpenAI-compatible APIs (provider \"openai\")")
        }
        let options = selection.options ?? [:]
        let baseURL = options["baseURL"]?.stringValue ?? "https://api.openai.com/v1"
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme) else {
            throw ProviderError(.failed, provider: "openai", "providers.llm baseURL must be an http(s) URL (got '\(baseURL)')")
        }
        let keyVariable = options["apiKeyEnv"]?.stringValue ?? "OPENAI_API_KEY"
        let model = settings.model ?? options["model"]?.stringValue ?? "gpt-4o-mini"
        var configuration = Configuration(
            baseURL: baseURL, apiKey: environment[keyVariable], model: model, systemPrompt: settings.systemPrompt)
        configuration.firstMessage = agent.firstMessage
        configuration.temperature = settings.temperature
        return OpenAIChatBrain(configuration: configuration)
    }
}
