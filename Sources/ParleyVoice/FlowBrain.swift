import Foundation
import Synchronization

/// The flow engine as a call brain: no LLM, answers at once.
public struct FlowBrain: Brain {
    public let name: String
    private let agent: AgentConfiguration
    private let now: @Sendable () -> Date

    /// - Parameter now: the wall clock relative dates ("tomorrow") are resolved against.
    public init(agent: AgentConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.agent = agent
        self.now = now
        name = "flow/\(agent.name)"
    }

    public func makeConversation(variables: [String: String]) -> any BrainConversation {
        let callVariables = variables.mapValues { JSONValue.string($0) }
        let runner = agent.makeFlowRunner(callVariables: callVariables, now: now())
        return FlowConversation(runner: runner)
    }
}

/// One call's flow runner behind the `BrainConversation` interface.
final class FlowConversation: BrainConversation {
    private let runner: Mutex<FlowRunner?>

    init(runner: FlowRunner?) {
        self.runner = Mutex(runner)
    }

    func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
        let outputs: [BrainOutput]? = runner.withLock { runner in
            guard runner != nil else { return nil }
            var actions = input == .callStarted ? runner!.start() : runner!.receive(Self.flowInput(input))
            var outputs: [BrainOutput] = []
            // Tools are HTTP webhooks configured per agent (stored agents); an offline flow
            // reports them as unavailable so the flow takes its failure branch.
            var rounds = 0
            while rounds < 8, let call = actions.firstToolCall {
                rounds += 1
                outputs += Self.outputs(actions.prefix { !$0.isToolCall })
                if let filler = call.filler { outputs.append(.filler(filler)) }
                outputs.append(.toolCall(name: call.name, succeeded: false))
                actions = runner!.receive(.toolResult(callID: call.id, result: .failure(ToolFailure(.unknownTool, "tools are not available in offline calls"))))
            }
            return outputs + Self.outputs(actions[...])
        }
        return AsyncThrowingStream { continuation in
            guard let outputs else {
                continuation.finish(throwing: ProviderError(.failed, provider: "flow", "this agent has no flow"))
                return
            }
            for output in outputs { continuation.yield(output) }
            continuation.finish()
        }
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
    var firstToolCall: (id: String, name: String, filler: String?)? {
        for action in self {
            if case .callTool(let id, let name, _, let filler) = action { return (id, name, filler) }
        }
        return nil
    }
}
