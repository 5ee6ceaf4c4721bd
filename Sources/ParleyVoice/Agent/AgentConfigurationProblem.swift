/// One problem with an agent configuration, naming the field path (`silence.maxReprompts`,
/// `brain.flow.nodes[2].next`).
public struct AgentConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var severity: FlowProblem.Severity

    public init(field: String, _ message: String, severity: FlowProblem.Severity = .error) {
        self.field = field
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(field.isEmpty ? "(top level)" : field): \(message)" }
}
