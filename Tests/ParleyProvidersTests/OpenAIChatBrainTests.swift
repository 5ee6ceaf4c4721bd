import Foundation
@testable import ParleyProviders
import ParleyVoice
import Synchronization
import Testing

@Suite struct OpenAIChatBrainTests {
    typealias Fake = FakeChatCompletionsServer

    func brain(_ baseURL: String, tools: (any ToolExecutor)? = nil, timeout: Duration = .seconds(10)) -> OpenAIChatBrain {
        var configuration = OpenAIChatBrain.Configuration(
            baseURL: baseURL, apiKey: "sk-test", model: "test-model", systemPrompt: "You help {{name}}.")
        configuration.requestTimeout = timeout
        configuration.idleTimeout = min(timeout, .seconds(5))
        configuration.transferTargets = ["+15550100"]
        return OpenAIChatBrain(configuration: configuration, tools: tools)
    }

    func collect(_ stream: AsyncThrowingStream<BrainOutput, any Error>) async -> (outputs: [BrainOutput], error: ProviderError?) {
        var outputs: [BrainOutput] = []
        do {
            for try await output in stream { outputs.append(output) }
            return (outputs, nil)
        } catch {
            return (outputs, error as? ProviderError)
        }
    }

    func text(_ outputs: [BrainOutput]) -> String {
        outputs.map { if case .text(let text) = $0 { text } else { "" } }.joined()
    }

    @Test func streamsTokensAndSendsTheConversation() async throws {
        let fake = Fake([.stream([Fake.text("Hello"), Fake.text(" there."), Fake.finish("stop")], done: true)])
        try await fake.run { base in
            let conversation = brain(base).makeConversation(variables: ["name": "Ana"])
            let result = await collect(conversation.respond(to: .utterance("Hi!")))
            #expect(result.error == nil)
            #expect(text(result.outputs) == "Hello there.")
        }
        let request = try #require(fake.requests.first)
        #expect(request.authorization == "Bearer sk-test")
        #expect(request.body["model"] == .string("test-model"))
        #expect(request.body["stream"] == .bool(true))
        guard case .array(let messages)? = request.body["messages"] else { Issue.record("no messages"); return }
        #expect(messages.first?["content"] == .string("You help Ana."))
        #expect(messages.last?["content"] == .string("Hi!"))
        guard case .array(let tools)? = request.body["tools"] else { Issue.record("no tools"); return }
        let names = tools.compactMap { $0["function"]?["name"]?.stringValue }
        #expect(names == ["end_call", "transfer_call"])
    }

    @Test func runsToolsAndFeedsResultsBack() async throws {
        final class Calendar: ToolExecutor {
            let calls = Mutex<[JSONValue]>([])
            var tools: [FunctionTool] {
                [FunctionTool(name: "check_availability", description: "Free slots on a day",
                              parameters: .object(["type": .string("object")]), filler: "Let me check.")]
            }
            func run(name: String, arguments: JSONValue) async throws -> JSONValue {
                calls.withLock { $0.append(arguments) }
                return .object(["slots": .array([.string("10:00"), .string("14:30")])])
            }
        }
        let calendar = Calendar()
        let fake = Fake([
            .stream([
                Fake.toolCall(id: "call_1", name: "check_availability", arguments: #"{"day":"#),
                Fake.toolCall(id: nil, name: nil, arguments: #""tuesday"}"#),
                Fake.finish("tool_calls"),
            ], done: true),
            .stream([Fake.text("We have 10:00 or 14:30."), Fake.finish("stop")], done: true),
        ])
        try await fake.run { base in
            let result = await collect(brain(base, tools: calendar).makeConversation(variables: [:]).respond(to: .utterance("Tuesday?")))
            #expect(result.error == nil)
            #expect(result.outputs.first == .filler("Let me check."))
            #expect(result.outputs.contains(.toolCall(name: "check_availability", succeeded: true)))
            #expect(text(result.outputs) == "We have 10:00 or 14:30.")
        }
        #expect(calendar.calls.withLock { $0 } == [.object(["day": .string("tuesday")])])
        #expect(fake.requests.count == 2)
        guard case .array(let messages)? = fake.requests.last?.body["messages"] else { Issue.record("no messages"); return }
        let toolMessage = try #require(messages.last)
        #expect(toolMessage["role"] == .string("tool"))
        #expect(toolMessage["tool_call_id"] == .string("call_1"))
        #expect(toolMessage["content"]?.stringValue?.contains("14:30") == true)
    }

    @Test func builtInToolsEndAndTransferTheCall() async throws {
        let fake = Fake([
            .stream([Fake.text("Goodbye!"), Fake.toolCall(id: "c1", name: "end_call", arguments: #"{"reason":"done"}"#), Fake.finish("tool_calls")], done: true),
            .stream([Fake.toolCall(id: "c2", name: "transfer_call", arguments: #"{"target":"+15550100"}"#), Fake.finish("tool_calls")], done: true),
        ])
        try await fake.run { base in
            let conversation = brain(base).makeConversation(variables: [:])
            let ending = await collect(conversation.respond(to: .utterance("Bye")))
            #expect(ending.outputs.contains(.endCall(reason: "done")))
            let transfer = await collect(conversation.respond(to: .utterance("A person please")))
            #expect(transfer.outputs.contains(.transfer(target: "+15550100")))
        }
        #expect(fake.requests.count == 2)
    }

    @Test(arguments: [
        (429, ProviderError.Code.rateLimited),
        (500, ProviderError.Code.unavailable),
        (503, ProviderError.Code.unavailable),
        (401, ProviderError.Code.failed),
        (400, ProviderError.Code.failed),
    ])
    func errorStatusesAreTyped(status: Int, code: ProviderError.Code) async throws {
        let fake = Fake([.status(status, "scripted failure")])
        try await fake.run { base in
            let result = await collect(brain(base).makeConversation(variables: [:]).respond(to: .utterance("Hi")))
            #expect(result.error?.code == code)
            #expect(result.error?.message.contains("scripted failure") == true)
        }
    }

    @Test func midStreamDisconnectIsAnError() async throws {
        let fake = Fake([.drop([Fake.text("Our opening")])])
        try await fake.run { base in
            let result = await collect(brain(base).makeConversation(variables: [:]).respond(to: .utterance("Hours?")))
            #expect(result.error != nil)
            #expect(text(result.outputs) == "Our opening" || result.outputs.isEmpty)
        }
    }

    @Test func streamWithoutAnEndIsAnError() async throws {
        let fake = Fake([.stream([Fake.text("Half a")], done: false)])
        try await fake.run { base in
            let result = await collect(brain(base).makeConversation(variables: [:]).respond(to: .utterance("Hours?")))
            #expect(result.error?.code == .unavailable)
        }
    }

    @Test func slowServerTimesOut() async throws {
        let fake = Fake([.hang])
        try await fake.run { base in
            let result = await collect(brain(base, timeout: .seconds(1)).makeConversation(variables: [:]).respond(to: .utterance("Hi")))
            #expect(result.error?.code == .timeout)
        }
    }

    @Test func stalledStreamTimesOut() async throws {
        let fake = Fake([.stall([Fake.text("Our opening hours")])])
        try await fake.run { base in
            let result = await collect(brain(base, timeout: .seconds(2)).makeConversation(variables: [:]).respond(to: .utterance("Hours?")))
            #expect(result.error?.code == .timeout)
            #expect(text(result.outputs) == "Our opening hours")
        }
    }

    @Test func interruptedReplyIsCutInTheHistory() async throws {
        let fake = Fake([
            .stream([Fake.text("We open at nine and close at five on weekdays."), Fake.finish("stop")], done: true),
            .stream([Fake.text("Sure."), Fake.finish("stop")], done: true),
        ])
        try await fake.run { base in
            let conversation = brain(base).makeConversation(variables: [:])
            _ = await collect(conversation.respond(to: .utterance("Hours?")))
            conversation.replyWasInterrupted(playedText: "We open at nine")
            _ = await collect(conversation.respond(to: .utterance("And Sunday?")))
        }
        guard case .array(let messages)? = fake.requests.last?.body["messages"] else { Issue.record("no messages"); return }
        let assistant = messages.filter { $0["role"] == .string("assistant") }
        #expect(assistant.last?["content"]?.stringValue == "We open at nine — (interrupted)")
    }

    @Test func firstMessageNeedsNoRequest() async throws {
        let fake = Fake([])
        try await fake.run { base in
            var configuration = OpenAIChatBrain.Configuration(baseURL: base, apiKey: nil, model: "m", systemPrompt: "s")
            configuration.firstMessage = "Hello, this is Parley."
            let result = await collect(OpenAIChatBrain(configuration: configuration).makeConversation(variables: [:]).respond(to: .callStarted))
            #expect(result.outputs == [.text("Hello, this is Parley.")])
        }
        #expect(fake.requests.isEmpty)
    }
}

@Suite struct ServerSentEventsTests {
    @Test func parsesEventsInAnyChunking() throws {
        let stream = "data: {\"a\":1}\n\n: comment\nevent: x\ndata: line1\ndata: line2\r\n\r\ndata: [DONE]\n\n"
        for size in [1, 2, 3, 7, 1000] {
            var parser = ServerSentEvents()
            var events: [String] = []
            let bytes = Array(stream.utf8)
            var index = 0
            while index < bytes.count {
                events += try parser.feed(Array(bytes[index..<min(index + size, bytes.count)]))
                index += size
            }
            #expect(events == ["{\"a\":1}", "line1\nline2", "[DONE]"])
        }
    }
}
