import Foundation
import ParleyCore
@testable import ParleyProviders
import ParleyVoice
import Testing

/// A flow's `tool` node calls the agent's HTTP webhook tool and branches on its answer.
@Suite struct FlowToolNodeTests {
    static func agent(toolBase: String) throws -> AgentConfiguration {
        var agent = try AgentConfiguration.load(json: #"""
        {"name": "Max", "brain": {"type": "flow", "flow": {
          "start": "lookup",
          "nodes": [
            {"id": "lookup", "type": "tool", "name": "check_availability", "arguments": {"day": "tuesday"},
             "filler": "Let me check.", "resultVariable": "found", "next": "answer", "onFailure": "sorry"},
            {"id": "answer", "type": "end", "reason": "resolved", "message": "The first free slot is {{found.slots.0}}."},
            {"id": "sorry", "type": "end", "reason": "tool_failed", "message": "Sorry, I can't reach the diary."}]}}}
        """#)
        agent.tools = [HTTPToolExecutorTests.tool(toolBase)]
        return agent
    }

    /// What the flow says when the call starts.
    static func opening(_ brain: FlowBrain) async throws -> [BrainOutput] {
        var outputs: [BrainOutput] = []
        for try await output in brain.makeConversation(variables: [:]).respond(to: .callStarted) { outputs.append(output) }
        return outputs
    }

    func brain(_ base: String) throws -> FlowBrain {
        let executor = HTTPToolExecutor(tools: try Self.agent(toolBase: base).tools,
                                        context: CallContext(callID: "call_1", signingSecret: HTTPToolExecutorTests.secret),
                                        targetGuard: .allowingPrivateNetworks, clock: HTTPToolExecutorTests.clock)
        return FlowBrain(agent: try Self.agent(toolBase: base), tools: executor.flowToolRunner)
    }

    @Test func theToolsAnswerIsStoredAndSpoken() async throws {
        let fake = FakeToolServer(secret: HTTPToolExecutorTests.secret, clock: HTTPToolExecutorTests.clock,
                                  [.status(200, #"{"slots": ["10:00", "14:30"]}"#)])
        try await fake.run { base in
            let outputs = try await Self.opening(try brain(base))
            #expect(outputs == [.filler("Let me check."), .toolCall(name: "check_availability", succeeded: true),
                                .text("The first free slot is 10:00. "), .endCall(reason: "resolved")], "\(outputs)")
        }
        let request = try #require(fake.requests.events.first)
        #expect(request.signatureVerified)
        #expect(request.json == ["tool": "check_availability", "arguments": ["day": "tuesday"], "call_id": "call_1"])
    }

    @Test func aFailingToolTakesTheFailureBranch() async throws {
        let fake = FakeToolServer(secret: HTTPToolExecutorTests.secret, clock: HTTPToolExecutorTests.clock, [.status(503, "down")])
        try await fake.run { base in
            let outputs = try await Self.opening(try brain(base))
            #expect(outputs.contains(.toolCall(name: "check_availability", succeeded: false)))
            #expect(outputs.contains(.text("Sorry, I can't reach the diary. ")), "\(outputs)")
        }
        // Without tools (an agent with none configured) the node fails the same way, without a request.
        let offline = try await Self.opening(FlowBrain(agent: try Self.agent(toolBase: "https://tools.example.com")))
        #expect(offline.contains(.text("Sorry, I can't reach the diary. ")))
    }
}
