/// Decides what the agent says: the flow engine or an LLM.
public protocol Brain: Sendable {
    var name: String { get }
    /// Starts a conversation for one call.
    func makeConversation(variables: [String: String]) -> any BrainConversation
}

/// One call's conversation with a brain. Calls come one at a time from the
/// session (a new `respond` only after the previous stream ended or was cancelled).
public protocol BrainConversation: Sendable {
    func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error>
    /// The caller interrupted: only `playedText` of the last reply was heard, so
    /// history keeps that and drops the rest.
    func replyWasInterrupted(playedText: String)
}
