import AsyncHTTPClient
import ParleyVoice

/// An LLM brain over an OpenAI-compatible chat-completions API (OpenAI, Groq,
/// vLLM, Ollama…): streamed tokens, tool calls, and the built-in `end_call`
/// and `transfer_call` tools.
public struct OpenAIChatBrain: Brain {
    public struct Configuration: Sendable {
        /// API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
        public var baseURL: String
        public var apiKey: String?
        public var model: String
        public var systemPrompt: String
        /// Said as the call starts, without asking the model.
        public var firstMessage: String?
        public var temperature: Double?
        public var maxTokens: Int? = 400
        /// Names (or numbers) the model may transfer the caller to (offers `transfer_call` when
        /// not empty); the call session maps an agent's target names to their destinations.
        public var transferTargets: [String] = []
        /// When to pick each transfer target, by name (shown to the model).
        public var transferTargetDescriptions: [String: String] = [:]
        /// Longest a whole completion may take.
        public var requestTimeout: Duration = .seconds(30)
        /// Longest the stream may stay silent once it started.
        public var idleTimeout: Duration = .seconds(5)
        /// Tool round trips allowed in one reply.
        public var maximumToolRounds = 4

        public init(baseURL: String, apiKey: String?, model: String, systemPrompt: String) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.systemPrompt = systemPrompt
        }
    }

    public let name: String
    let configuration: Configuration
    let client: HTTPClient
    let executor: (any ToolExecutor)?

    public init(configuration: Configuration, client: HTTPClient = .shared, tools: (any ToolExecutor)? = nil) {
        self.configuration = configuration
        self.client = client
        executor = tools
        name = "openai-compatible/\(configuration.model)"
    }

    public func makeConversation(variables: [String: String]) -> any BrainConversation {
        let prompt = TemplateRenderer.render(configuration.systemPrompt, variables: variables.mapValues { .string($0) })
        return OpenAIChatConversation(brain: self, systemPrompt: prompt)
    }

    /// The tools offered to the model: the executor's plus the built-ins.
    var offeredTools: [OpenAIChat.Tool] {
        var tools = (executor?.tools ?? []).map {
            OpenAIChat.Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
        }
        tools.append(OpenAIChat.Tool(function: .init(
            name: "end_call", description: "End the phone call after saying goodbye.",
            parameters: .object(["type": .string("object"), "properties": .object([
                "reason": .object(["type": .string("string"), "description": .string("Why the call ends")]),
            ])]))))
        if !configuration.transferTargets.isEmpty {
            let described = configuration.transferTargets.compactMap { name in
                configuration.transferTargetDescriptions[name].map { "\(name): \($0)" }
            }
            let description = "Transfer the caller to a person." + (described.isEmpty ? "" : " Targets — " + described.joined(separator: "; ") + ".")
            tools.append(OpenAIChat.Tool(function: .init(
                name: "transfer_call", description: description,
                parameters: .object(["type": .string("object"), "properties": .object([
                    "target": .object(["type": .string("string"), "enum": .array(configuration.transferTargets.map { .string($0) })]),
                ]), "required": .array([.string("target")])]))))
        }
        return tools
    }
}
