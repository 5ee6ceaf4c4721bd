import Foundation
@testable import ParleyProviders
import ParleyVoice
import Testing

/// An agent's webhook tools and transfer targets reaching the model through `configured(for:)`.
@Suite struct OpenAIChatBrainAgentTests {
    typealias Fake = FakeChatCompletionsServer

    func agent(toolBase: String) -> (AgentConfiguration, LLMBrainSettings) {
        let settings = LLMBrainSettings(systemPrompt: "Book appointments.")
        var agent = AgentConfiguration(name: "Ava", brain: .llm(settings))
        agent.tools = [HTTPToolExecutorTests.tool(toolBase)]
        agent.transferTargets = [
            TransferTarget(name: "front_desk", destination: "+15551234567", description: "changes and cancellations"),
            TransferTarget(name: "billing", destination: "sip:billing@pbx.example.com"),
        ]
        return (agent, settings)
    }

    @Test func toolsAndTransferTargetsAreOfferedAndRun() async throws {
        let tool = FakeToolServer(secret: HTTPToolExecutorTests.secret, clock: HTTPToolExecutorTests.clock,
                                  [.status(200, #"{"slots": ["10:00"]}"#)])
        let model = Fake([
            .stream([Fake.toolCall(id: "c1", name: "check_availability", arguments: #"{"day":"friday"}"#), Fake.finish("tool_calls")], done: true),
            .stream([Fake.toolCall(id: "c2", name: "check_availability", arguments: #"{"day":"monday"}"#), Fake.finish("tool_calls")], done: true),
            .stream([Fake.text("Monday at 10:00 is free."), Fake.finish("stop")], done: true),
            .stream([Fake.toolCall(id: "c3", name: "transfer_call", arguments: #"{"target":"front_desk"}"#), Fake.finish("tool_calls")], done: true),
        ])
        try await tool.run { toolBase in
            try await model.run { modelBase in
                let (agent, settings) = agent(toolBase: toolBase)
                let executor = HTTPToolExecutor(
                    tools: agent.tools, context: CallContext(callID: "call_1", signingSecret: HTTPToolExecutorTests.secret),
                    targetGuard: .allowingPrivateNetworks,   // the fake tool listens on 127.0.0.1
                    clock: HTTPToolExecutorTests.clock)
                let brain = try OpenAIChatBrain.configured(
                    for: agent, settings: settings, selection: ProviderSelection("ollama", options: ["baseURL": .string(modelBase)]),
                    credentials: ProviderCredentials(environment: [:]), tools: executor)
                let conversation = brain.makeConversation(variables: [:])
                var outputs: [BrainOutput] = []
                for try await output in conversation.respond(to: .utterance("Anything free on Friday or Monday?")) { outputs.append(output) }
                #expect(outputs.contains(.toolCall(name: "check_availability", succeeded: false)))
                #expect(outputs.contains(.toolCall(name: "check_availability", succeeded: true)))
                var transfer: [BrainOutput] = []
                for try await output in conversation.respond(to: .utterance("Actually, put me through to the front desk.")) { transfer.append(output) }
                #expect(transfer.contains(.transfer(target: "front_desk")))
            }
        }
        #expect(tool.requests.events.map { $0.json["arguments"] ?? .null } == [["day": "monday"]])
        let first = try #require(model.requests.first)
        guard case .array(let offered)? = first.body["tools"] else { Issue.record("no tools offered"); return }
        #expect(offered.compactMap { $0["function"]?["name"]?.stringValue } == ["check_availability", "end_call", "transfer_call"])
        let transferTool = try #require(offered.last?["function"])
        #expect(transferTool["parameters"]?["properties"]?["target"]?["enum"] == ["front_desk", "billing"])
        #expect(transferTool["description"]?.stringValue?.contains("front_desk: changes and cancellations") == true)
        guard case .array(let messages)? = model.requests[2].body["messages"] else { Issue.record("no messages"); return }
        let results = messages.filter { $0["role"] == "tool" }.compactMap { $0["content"]?.stringValue }
        #expect(results.count == 2)
        #expect(results.first?.contains(#""error":"invalid_arguments""#) == true)
        #expect(results.first?.contains(#""argument":"day""#) == true)
        #expect(results.last?.contains("10:00") == true)
    }
}
