/// An HTTP webhook an LLM brain may call as a function tool. Parley POSTs
/// `{"tool", "arguments", "call_id"}` to `url`, signed with `Parley-Signature`; see docs/voice.md.
public struct AgentTool: Sendable, Equatable, Codable {
    /// Function name shown to the model: 1–64 of `a-z A-Z 0-9 _ -`, unique, not a built-in.
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// JSON schema (a subset, see `JSONSchemaValidator`) of the arguments; `type` must be `object`.
    public var parameters: JSONValue
    /// Absolute http(s) URL the call is sent to.
    public var url: String
    /// HTTP method: POST (default), PUT or PATCH.
    public var method: String
    /// How long the webhook may take before the model is told it timed out (default 5000, 100…30000).
    public var timeoutMs: Int
    /// Extra request headers; stored in the agent in clear, so never secrets.
    public var headers: [String: String]?
    /// Said while the tool runs ("Let me check that.").
    public var filler: String?

    public static let defaultMethod = "POST"
    public static let defaultTimeoutMs = 5_000
    public static let allowedMethods = ["POST", "PUT", "PATCH"]
    public static let timeoutRange = 100...30_000

    public init(name: String, description: String, parameters: JSONValue, url: String,
                method: String = AgentTool.defaultMethod, timeoutMs: Int = AgentTool.defaultTimeoutMs,
                headers: [String: String]? = nil, filler: String? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.url = url
        self.method = method
        self.timeoutMs = timeoutMs
        self.headers = headers
        self.filler = filler
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        parameters = try container.decode(JSONValue.self, forKey: .parameters)
        url = try container.decode(String.self, forKey: .url)
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? AgentTool.defaultMethod
        timeoutMs = try container.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? AgentTool.defaultTimeoutMs
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        filler = try container.decodeIfPresent(String.self, forKey: .filler)
    }
}
