import Foundation
import ParleyVoice

extension OpenAIChatBrain {
    /// The brain an agent's `llm` provider selection describes.
    ///
    /// Provider `openai` (any OpenAI-compatible API). Options: `baseURL` (default
    /// `https://api.openai.com/v1`), `apiKeySecret` (the org secret holding the key, default
    /// `openai.api_key`; with the default base URL the operator's `OPENAI_API_KEY` serves when
    /// the org has none; see `ProviderCredentials`), `model`.
    /// `groq` and `ollama` are the same client with their defaults (so a chain can list
    /// two: each name may appear once): `https://api.groq.com/openai/v1` with `groq.api_key` /
    /// `GROQ_API_KEY`, and `http://127.0.0.1:11434/v1` without a key. The agent's transfer target names are
    /// offered through `transfer_call`; `tools` runs the agent's webhook tools.
    public static func configured(
        for agent: AgentConfiguration, settings: LLMBrainSettings, selection: ProviderSelection,
        credentials: ProviderCredentials = ProviderCredentials(), tools: (any ToolExecutor)? = nil
    ) throws(ProviderError) -> OpenAIChatBrain {
        let defaults: (baseURL: String, keyVariable: String)
        switch selection.provider {
        case "openai": defaults = ("https://api.openai.com/v1", "OPENAI_API_KEY")
        case "groq": defaults = ("https://api.groq.com/openai/v1", "GROQ_API_KEY")
        case "ollama": defaults = ("http://127.0.0.1:11434/v1", "OLLAMA_API_KEY")
        default:
            throw ProviderError(.unavailable, provider: selection.provider, "unknown llm provider '\(selection.provider)'; this build speaks OpenAI-compatible APIs (providers \"openai\", \"groq\", \"ollama\")")
        }
        let options = selection.options ?? [:]
        let baseURL = options["baseURL"]?.stringValue ?? defaults.baseURL
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme) else {
            throw ProviderError(.failed, provider: selection.provider, "providers.llm baseURL must be an http(s) URL (got '\(baseURL)')")
        }
        let apiKey = try credentials.apiKey(selection, kind: "llm", defaultVariable: defaults.keyVariable,
                                            usesDefaultBaseURL: baseURL == defaults.baseURL)
        // A provider's own model wins: chains mix services whose model names differ.
        let model = options["model"]?.stringValue ?? settings.model ?? "gpt-4o-mini"
        var configuration = Configuration(
            baseURL: baseURL, apiKey: apiKey, model: model, systemPrompt: settings.systemPrompt)
        configuration.firstMessage = agent.firstMessage
        configuration.temperature = settings.temperature
        configuration.transferTargets = agent.transferTargets.map(\.name)
        for target in agent.transferTargets {
            if let description = target.description { configuration.transferTargetDescriptions[target.name] = description }
        }
        return OpenAIChatBrain(configuration: configuration, tools: tools)
    }
}
