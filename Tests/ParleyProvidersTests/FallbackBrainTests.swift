@testable import ParleyProviders
import ParleyVoice
import Synchronization
import Testing

@Suite struct FallbackBrainTests {
    /// A brain whose replies are scripted: outputs, then an optional error, or silence.
    final class Stub: Brain, BrainConversation {
        enum Reply: Sendable {
            case outputs([BrainOutput], then: ProviderError?)
            case silent
        }

        let name: String
        let reply: Reply
        let inputs = Mutex<[BrainInput]>([])
        let interruptions = Mutex<[String]>([])

        init(_ name: String, _ reply: Reply) {
            self.name = name
            self.reply = reply
        }

        func makeConversation(variables: [String: String]) -> any BrainConversation { self }

        func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
            inputs.withLock { $0.append(input) }
            let reply = self.reply
            return AsyncThrowingStream { continuation in
                let task = Task {
                    switch reply {
                    case .outputs(let outputs, let error):
                        for output in outputs { continuation.yield(output) }
                        continuation.finish(throwing: error)
                    case .silent:
                        // Like a server that never speaks: ends only when cancelled.
                        try? await Task.sleep(for: .seconds(3_600))
                        continuation.finish(throwing: CancellationError())
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }

        func replyWasInterrupted(playedText: String) {
            interruptions.withLock { $0.append(playedText) }
        }
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

    @Test(arguments: [ProviderError.Code.unavailable, .failed, .rateLimited, .timeout, .protocolViolation])
    func firstFailsBeforeSpeakingSecondAnswers(code: ProviderError.Code) async {
        let first = Stub("openai/gpt", .outputs([], then: ProviderError(code, provider: "openai/gpt", "scripted")))
        let second = Stub("groq/llama", .outputs([.text("We open"), .text(" at nine.")], then: nil))
        let brain = FallbackBrain([first, second])
        #expect(brain.name == "openai/gpt > groq/llama")
        let conversation = brain.makeConversation(variables: [:])
        let result = await collect(conversation.respond(to: .utterance("Hours?")))
        #expect(result.error == nil)
        #expect(result.outputs == [.text("We open"), .text(" at nine.")])
        #expect(second.inputs.withLock { $0 } == [.utterance("Hours?")])
        // The interruption goes to the brain that spoke.
        conversation.replyWasInterrupted(playedText: "We open")
        #expect(second.interruptions.withLock { $0 } == ["We open"])
        #expect(first.interruptions.withLock { $0 }.isEmpty)
    }

    @Test func neverSwitchesAfterTheFirstToken() async {
        let first = Stub("a", .outputs([.text("We open")], then: ProviderError(.unavailable, provider: "a", "dropped")))
        let second = Stub("b", .outputs([.text("Hello.")], then: nil))
        let result = await collect(FallbackBrain([first, second]).makeConversation(variables: [:]).respond(to: .utterance("Hours?")))
        #expect(result.outputs == [.text("We open")])
        #expect(result.error?.code == .unavailable)
        #expect(second.inputs.withLock { $0 }.isEmpty)
    }

    @Test func cancellationDoesNotFallBack() async {
        let first = Stub("a", .outputs([], then: ProviderError(.cancelled, provider: "a", "cancelled")))
        let second = Stub("b", .outputs([.text("Hello.")], then: nil))
        let result = await collect(FallbackBrain([first, second]).makeConversation(variables: [:]).respond(to: .callStarted))
        #expect(result.error?.code == .cancelled)
        #expect(second.inputs.withLock { $0 }.isEmpty)
    }

    @Test func aSilentBrainIsPassedOverAfterTheFirstOutputDeadline() async {
        let first = Stub("a", .silent)
        let second = Stub("b", .outputs([.text("Sorry, one moment.")], then: nil))
        let brain = FallbackBrain([first, second], firstOutputDeadline: .milliseconds(200))
        let result = await collect(brain.makeConversation(variables: [:]).respond(to: .utterance("Hello?")))
        #expect(result.outputs == [.text("Sorry, one moment.")])
        #expect(result.error == nil)
    }

    @Test func allFailingReportsTheLastError() async {
        let first = Stub("a", .outputs([], then: ProviderError(.rateLimited, provider: "a", "429")))
        let second = Stub("b", .outputs([], then: ProviderError(.unavailable, provider: "b", "503")))
        let result = await collect(FallbackBrain([first, second]).makeConversation(variables: [:]).respond(to: .utterance("Hi")))
        #expect(result.error == ProviderError(.unavailable, provider: "b", "503"))
    }

    @Test func realClientsFallBackFromARateLimitedServer() async throws {
        typealias Fake = FakeChatCompletionsServer
        let limited = Fake([.status(429, "slow down")])
        let healthy = Fake([.stream([Fake.text("Hello!"), Fake.finish("stop")], done: true)])
        try await limited.run { firstBase in
            try await healthy.run { secondBase in
                let brains = [firstBase, secondBase].map { base in
                    OpenAIChatBrain(configuration: .init(baseURL: base, apiKey: "k", model: "m", systemPrompt: "Be brief."))
                }
                let result = await collect(FallbackBrain(brains).makeConversation(variables: [:]).respond(to: .utterance("Hi")))
                #expect(result.error == nil)
                #expect(result.outputs == [.text("Hello!")])
            }
        }
        #expect(limited.requests.count == 1)
        #expect(healthy.requests.count == 1)
    }
}
