/// Thrown when a flow cannot be loaded: malformed JSON or validation errors (all of them).
public struct FlowValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case malformedJSON = "malformed_json"
        case invalidFlow = "invalid_flow"
    }

    public var code: Code
    public var message: String
    /// Every problem found, errors and warnings.
    public var problems: [FlowProblem]

    public init(code: Code, message: String, problems: [FlowProblem]) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    public var description: String {
        ([message] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }
}
