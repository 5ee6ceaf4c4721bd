/// What decides the agent's replies: a flow graph (offline, no LLM) or an LLM.
public enum AgentBrain: Sendable, Equatable, Codable {
    case flow(FlowDefinition)
    case llm(LLMBrainSettings)

    enum CodingKeys: String, CodingKey { case type, flow }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "flow":
            self = .flow(try container.decode(FlowDefinition.self, forKey: .flow))
        case "llm":
            self = .llm(try LLMBrainSettings(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown brain type '\(type)'; expected \"flow\" or \"llm\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .flow(let flow):
            try container.encode("flow", forKey: .type)
            try container.encode(flow, forKey: .flow)
        case .llm(let settings):
            try container.encode("llm", forKey: .type)
            try settings.encode(to: encoder)
        }
    }
}
