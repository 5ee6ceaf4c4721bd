import ParleyCore

/// Why an agent configuration cannot be used; lists every problem.
public struct AgentConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case malformedJSON = "malformed_json"
        case invalid = "invalid_agent"
        case unknownBuiltIn = "unknown_builtin_agent"
    }

    public var code: Code
    public var message: String
    public var problems: [AgentConfigurationProblem]

    public init(code: Code, message: String, problems: [AgentConfigurationProblem]) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    public var description: String {
        ([message] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }

    /// The error as the API reports it (first problem's field).
    public var parleyError: ParleyError {
        switch code {
        case .malformedJSON: ParleyError(.malformedJSON, description, field: problems.first?.field)
        case .invalid: ParleyError(.validationFailed, description, field: problems.first?.field)
        case .unknownBuiltIn: ParleyError(.notFound, message)
        }
    }
}
