/// What a brain streams back while responding.
public enum BrainOutput: Sendable, Equatable {
    /// Text to speak (a token, a phrase or whole sentences).
    case text(String)
    /// Speech to fill a pause while a tool runs ("Let me check that for you.").
    case filler(String)
    /// A tool call started or ended (telemetry).
    case toolCall(name: String, succeeded: Bool?)
    /// Transfer the caller to `target` after speaking what came before.
    case transfer(target: String)
    /// Hang up after speaking what came before.
    case endCall(reason: String)
}
