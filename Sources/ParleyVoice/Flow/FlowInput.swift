/// An event the call session feeds into a `FlowRunner`.
public enum FlowInput: Sendable, Equatable {
    /// A final transcript of what the caller said.
    case utterance(String)
    /// Keypad digits, possibly ending in "#".
    case dtmf(String)
    /// The caller stayed silent for the agent's reprompt interval.
    case noInput
    /// The outcome of a `FlowAction.callTool`.
    case toolResult(callID: String, result: Result<JSONValue, ToolFailure>)
}
