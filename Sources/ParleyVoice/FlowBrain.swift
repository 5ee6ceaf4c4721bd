import Foundation
import ParleyCore
import Synchronization

/// Runs a flow's `tool` node: the tool's name and arguments in, its JSON result out.
public typealias FlowToolRunner = @Sendable (_ name: String, _ arguments: JSONValue) async throws(ToolFailure) -> JSONValue

/// The flow engine as a call brain: no LLM, answers at once (and after its tools answer).
public struct FlowBrain: Brain {
    public let name: String
    private let agent: AgentConfiguration
    private let tools: FlowToolRunner?
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - tools: runs the agent's tools for `tool` nodes (the agent's HTTP webhook tools);
    ///     without it, tool nodes fail with `unknown_tool` and the flow takes its failure branch.
    ///   - now: the wall clock relative dates ("tomorrow") are resolved against.
    public init(agent: AgentConfiguration, tools: FlowToolRunner? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.agent = agent
        self.tools = tools
        self.now = now
        name = "flow/\(agent.name)"
    }

    public func makeConversation(variables: [String: String]) -> any BrainConversation {
        let callVariables = variables.mapValues { JSONValue.string($0) }
        let runner = agent.makeFlowRunner(callVariables: callVariables, now: now())
        return FlowConversation(runner: runner, tools: tools)
    }
}

/// One call's flow runner behind the `BrainConversation` interface.
final class FlowConversation: BrainConversation {
    private let runner: Mutex<FlowRunner?>
    private let tools: FlowToolRunner?
    /// One reply at a time: a reply cut off while its tool runs hands the tool's (failed) result
    /// to the runner before the next input reaches it.
    private let turn = AsyncLock()

    /// Tool calls one input may chain before the flow is cut short (a loop of tool nodes).
    static let maxToolRounds = 8

    init(runner: FlowRunner?, tools: FlowToolRunner?) {
        self.runner = Mutex(runner)
        self.tools = tools
    }

    func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await self.turn.lock()
                defer { self.turn.unlock() }
                guard var actions = self.runner.withLock({ runner -> [FlowAction]? in
                    guard runner != nil else { return nil }
                    return input == .callStarted ? runner!.start() : runner!.receive(Self.flowInput(input))
                }) else {
                    continuation.finish(throwing: ProviderError(.failed, provider: "flow", "this agent has no flow"))
                    return
                }
                var rounds = 0
                while rounds < Self.maxToolRounds, let call = actions.firstToolCall {
                    rounds += 1
                    for output in Self.outputs(actions.prefix { !$0.isToolCall }) { continuation.yield(output) }
                    if let filler = call.filler { continuation.yield(.filler(filler)) }
                    let result = await self.run(call.name, call.arguments)
                    if case .success = result { continuation.yield(.toolCall(name: call.name, succeeded: true)) } else {
                        continuation.yield(.toolCall(name: call.name, succeeded: false))
                    }
                    actions = self.runner.withLock { $0?.receive(.toolResult(callID: call.id, result: result)) ?? [] }
                }
                for output in Self.outputs(actions[...]) { continuation.yield(output) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func run(_ name: String, _ arguments: JSONValue) async -> Result<JSONValue, ToolFailure> {
        guard let tools else { return .failure(ToolFailure(.unknownTool, "this agent has no tools")) }
        do { return .success(try await tools(name, arguments)) } catch { return .failure(error) }
    }

    func replyWasInterrupted(playedText: String) {}

    private static func flowInput(_ input: BrainInput) -> FlowInput {
        switch input {
        case .callStarted: .noInput
        case .utterance(let text): .utterance(text)
        case .dtmf(let digits): .dtmf(digits)
        case .noInput: .noInput
        }
    }

    private static func outputs(_ actions: ArraySlice<FlowAction>) -> [BrainOutput] {
        var outputs: [BrainOutput] = []
        for action in actions {
            switch action {
            case .say(let text):
                outputs.append(.text(text + " "))
            case .transfer(let target, let message):
                if let message { outputs.append(.text(message + " ")) }
                outputs.append(.transfer(target: target))
            case .endCall(let reason, let message):
                if let message { outputs.append(.text(message + " ")) }
                outputs.append(.endCall(reason: reason))
            case .listen, .setVariable, .matched, .noMatch, .callTool:
                break
            }
        }
        return outputs
    }
}

private extension FlowAction {
    var isToolCall: Bool {
        if case .callTool = self { return true }
        return false
    }
}

private extension Array where Element == FlowAction {
    var firstToolCall: (id: String, name: String, arguments: JSONValue, filler: String?)? {
        for action in self {
            if case .callTool(let id, let name, let arguments, let filler) = action { return (id, name, arguments, filler) }
        }
        return nil
    }
}
