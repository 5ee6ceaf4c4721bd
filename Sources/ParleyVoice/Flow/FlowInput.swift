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

/// Why a tool call failed.
public struct ToolFailure: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        case failed, timedOut = "timed_out", unknownTool = "unknown_tool", invalidArguments = "invalid_arguments"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
