/// Settings of an LLM brain; the provider comes from the agent's `providers.llm` chain.
public struct LLMBrainSettings: Sendable, Equatable, Codable {
    /// Instructions given to the model before the conversation.
    public var systemPrompt: String
    /// Model name passed to the provider (provider default when nil).
    public var model: String?
    /// Sampling temperature 0…2 (provider default when nil).
    public var temperature: Double?

    public init(systemPrompt: String, model: String? = nil, temperature: Double? = nil) {
        self.systemPrompt = systemPrompt
        self.model = model
        self.temperature = temperature
    }
}
