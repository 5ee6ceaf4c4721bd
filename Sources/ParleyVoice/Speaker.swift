/// Who said something on a call.
public enum Speaker: String, Sendable, Equatable, Codable {
    case caller
    case agent
}
