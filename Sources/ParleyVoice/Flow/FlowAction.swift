/// What a `FlowRunner` asks the call session to do, in order.
public enum FlowAction: Sendable, Equatable {
    /// Speak this text.
    case say(String)
    /// The flow now waits for the caller (speech, keypad or silence).
    case listen
    /// Run a tool and feed back `FlowInput.toolResult` with the same `callID`;
    /// speak `filler` (if any) while it runs.
    case callTool(callID: String, name: String, arguments: JSONValue, filler: String?)
    /// Say `message` (if any), then transfer the call.
    case transfer(target: String, message: String?)
    /// Say `message` (if any), then hang up.
    case endCall(reason: String, message: String?)
    /// A variable changed (slot captured, tool result stored).
    case setVariable(name: String, value: JSONValue)
    /// Trace: an intent or keypad route matched at `node`.
    case matched(intent: String, score: Double, method: IntentMatch.Method, node: String)
    /// Trace: the caller's answer at `node` matched nothing; `count` in a row so far.
    case noMatch(node: String, count: Int)
}
