import Foundation

/// A conversation graph: the brain that needs no LLM. See docs/flows.md.
public struct FlowDefinition: Codable, Sendable, Equatable {
    /// Id of the first node.
    public var start: String?
    /// Per-call variables with their defaults; values given at call start override them.
    public var variables: [String: JSONValue]?
    /// The intents routes may name.
    public var intents: [FlowIntent]?
    /// Routes tried at every `ask` after the node's own routes (talk to a human, goodbye, repeat).
    public var globalRoutes: [FlowRoute]?
    /// Flow-wide no-match policy; default message "Sorry, I didn't catch that.", max 3.
    public var noMatch: FlowRetryPolicy?
    /// Flow-wide no-input policy; default message "Are you still there?", max 3.
    public var noInput: FlowRetryPolicy?
    /// Node taken when a retry policy, slot or tool has no fallback of its own.
    public var fallback: String?
    public var nodes: [FlowNode]

    public init(start: String, nodes: [FlowNode], intents: [FlowIntent]? = nil,
                globalRoutes: [FlowRoute]? = nil, variables: [String: JSONValue]? = nil) {
        self.start = start
        self.nodes = nodes
        self.intents = intents
        self.globalRoutes = globalRoutes
        self.variables = variables
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decodeIfPresent(String.self, forKey: .start)
        variables = try container.decodeIfPresent([String: JSONValue].self, forKey: .variables)
        intents = try container.decodeIfPresent([FlowIntent].self, forKey: .intents)
        globalRoutes = try container.decodeIfPresent([FlowRoute].self, forKey: .globalRoutes)
        noMatch = try container.decodeIfPresent(FlowRetryPolicy.self, forKey: .noMatch)
        noInput = try container.decodeIfPresent(FlowRetryPolicy.self, forKey: .noInput)
        fallback = try container.decodeIfPresent(String.self, forKey: .fallback)
        nodes = try container.decodeIfPresent([FlowNode].self, forKey: .nodes) ?? []
    }

    /// The node with `id`, if any.
    public func node(_ id: String) -> FlowNode? {
        nodes.first { $0.id == id }
    }

    /// Decodes JSON without validating it; see `FlowValidator.load(json:)`.
    public static func decode(json: Data) throws(FlowValidationError) -> FlowDefinition {
        do {
            return try JSONDecoder().decode(FlowDefinition.self, from: json)
        } catch {
            let problem = DecodingProblem(error, json: json)
            throw FlowValidationError(
                code: .malformedJSON, message: "flow JSON is malformed: \(problem.message)",
                problems: [FlowProblem(.malformedJSON, path: problem.path, problem.message)])
        }
    }
}
