import ParleyVoice

/// Why an HTTP tool call failed. The model gets `modelResult` (`{"error": code, "message": …}`)
/// as the tool's answer, so it can correct its arguments or tell the caller.
public struct HTTPToolError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unknownTool = "unknown_tool"
        /// The model's arguments break the tool's parameter schema; no request was sent.
        case invalidArguments = "invalid_arguments"
        /// The org has no signing secret, so no request is sent unsigned.
        case notConfigured = "not_configured"
        case timeout
        /// The webhook answered with a status outside 2xx.
        case httpStatus = "http_error"
        case responseTooLarge = "response_too_large"
        /// Connection refused, DNS failure, TLS failure…
        case unreachable
        /// The tool's host is, or resolves to, an address Parley does not call (loopback,
        /// private network, cloud metadata); no request was sent.
        case forbiddenTarget = "forbidden_target"
    }

    public var code: Code
    public var message: String
    /// The argument that broke the schema (`invalidArguments`), as a path such as `guests[0].name`.
    public var argument: String?
    /// The webhook's status (`httpStatus`).
    public var status: Int?

    public init(_ code: Code, _ message: String, argument: String? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.argument = argument
        self.status = status
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The tool result the model sees.
    public var modelResult: JSONValue {
        var members: [String: JSONValue] = ["error": .string(code.rawValue), "message": .string(message)]
        if let argument { members["argument"] = .string(argument) }
        if let status { members["status"] = .number(Double(status)) }
        return .object(members)
    }
}

extension HTTPToolError {
    /// The failure a flow's `tool` node sees (it branches on failure; the detail goes to the call's events).
    public var toolFailure: ToolFailure {
        switch code {
        case .unknownTool: ToolFailure(.unknownTool, message)
        case .invalidArguments: ToolFailure(.invalidArguments, message)
        case .timeout: ToolFailure(.timedOut, message)
        default: ToolFailure(.failed, "\(code.rawValue): \(message)")
        }
    }
}

extension HTTPToolExecutor {
    /// This executor as a flow's tool runner.
    public var flowToolRunner: FlowToolRunner {
        { name, arguments throws(ToolFailure) in
            do throws(HTTPToolError) { return try await call(name, arguments: arguments) } catch { throw error.toolFailure }
        }
    }
}
