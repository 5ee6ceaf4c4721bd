import ParleyVoice

/// Runs the tools an LLM brain may call (HTTP webhooks, built-ins).
public protocol ToolExecutor: Sendable {
    /// The tools offered to the model.
    var tools: [FunctionTool] { get }
    /// Runs `name` with the model's arguments; the result goes back to the model.
    func run(name: String, arguments: JSONValue) async throws -> JSONValue
}

/// A function the model may call: a name, what it does, and a JSON schema of its parameters.
public struct FunctionTool: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: JSONValue
    /// Said while the tool runs ("Let me check that.").
    public var filler: String?

    public init(name: String, description: String, parameters: JSONValue, filler: String? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.filler = filler
    }
}
