/// Who placed the call: the caller (inbound, the default) or Parley (outbound).
/// Outbound calls open with the agent's AI disclosure.
public enum CallDirection: String, Sendable, Equatable, CaseIterable {
    case inbound, outbound
}
