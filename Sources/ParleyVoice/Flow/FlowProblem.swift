/// One problem `FlowValidator` found, with the JSON path of the field concerned.
public struct FlowProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case malformedJSON = "malformed_json"
        case noNodes = "no_nodes"
        case missingStart = "missing_start"
        case missingID = "missing_id"
        case duplicateID = "duplicate_id"
        case unknownNodeType = "unknown_node_type"
        case missingField = "missing_field"
        case unknownReference = "unknown_reference"
        case unknownIntent = "unknown_intent"
        case duplicateIntent = "duplicate_intent"
        case emptyIntent = "empty_intent"
        case invalidRegex = "invalid_regex"
        case unknownSlotType = "unknown_slot_type"
        case invalidValue = "invalid_value"
        case undefinedVariable = "undefined_variable"
        case unreachableNode = "unreachable_node"
        case cycleWithoutQuestion = "cycle_without_question"
    }

    public enum Severity: String, Sendable {
        /// The flow must not run.
        case error
        /// The flow runs, but something is probably a mistake (unreachable nodes).
        case warning
    }

    public var code: Code
    public var severity: Severity
    /// JSON path of the field, e.g. `nodes[3].routes[0].next`.
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String, severity: Severity = .error) {
        self.code = code
        self.path = path
        self.message = message
        self.severity = severity
    }

    public var description: String {
        "\(severity.rawValue) \(code.rawValue) at \(path.isEmpty ? "(top level)" : path): \(message)"
    }
}
