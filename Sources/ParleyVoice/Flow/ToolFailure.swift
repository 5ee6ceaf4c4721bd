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
