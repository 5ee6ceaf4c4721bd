/// The kinds of flow node.
public enum FlowNodeType: String, Sendable, CaseIterable, Codable {
    case say, ask, branch, tool, transfer, end
}
