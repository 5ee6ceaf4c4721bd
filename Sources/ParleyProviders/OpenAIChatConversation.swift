import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ParleyVoice
import Synchronization

/// One call's chat history with an OpenAI-compatible model.
final class OpenAIChatConversation: BrainConversation {
    private let brain: OpenAIChatBrain
    private let history: Mutex<[OpenAIChat.Message]>

    init(brain: OpenAIChatBrain, systemPrompt: String) {
        self.brain = brain
        history = Mutex([OpenAIChat.Message(role: "system", content: systemPrompt)])
    }

    var messages: [OpenAIChat.Message] { history.withLock { $0 } }

    func respond(to input: BrainInput) -> AsyncThrowingStream<BrainOutput, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.reply(to: input, continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: Self.providerError(error, provider: self.brain.name))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Transport failures in the brain's terms: timeouts stay timeouts, the rest means unreachable.
    static func providerError(_ error: any Error, provider: String) -> ProviderError {
        HTTPProviderError.transport(error, provider: provider)
    }

    func replyWasInterrupted(playedText: String) {
        history.withLock { messages in
            guard let index = messages.lastIndex(where: { $0.role == "assistant" && $0.content != nil }) else { return }
            // The model must know the caller heard only this much.
            messages[index].content = playedText.isEmpty ? "(interrupted before speaking)" : playedText + " — (interrupted)"
        }
    }

    private func reply(to input: BrainInput, _ output: AsyncThrowingStream<BrainOutput, any Error>.Continuation) async throws {
        let note: String
        switch input {
        case .callStarted:
            if let first = brain.configuration.firstMessage {
                history.withLock { $0.append(OpenAIChat.Message(role: "assistant", content: first)) }
                output.yield(.text(first))
                return
            }
            note = "(The call has just been answered. Greet the caller.)"
        case .utterance(let text): note = text
        case .dtmf(let digits): note = "(The caller pressed \(digits) on the keypad.)"
        case .noInput: note = "(The caller has said nothing for a while.)"
        }
        history.withLock { $0.append(OpenAIChat.Message(role: "user", content: note)) }

        for _ in 0..<max(brain.configuration.maximumToolRounds, 1) {
            let (text, calls) = try await watched { activity in try await self.streamCompletion(output, activity: activity) }
            history.withLock {
                $0.append(OpenAIChat.Message(role: "assistant", content: text.isEmpty ? nil : text, toolCalls: calls.isEmpty ? nil : calls))
            }
            guard !calls.isEmpty else { return }
            var ended = false
            for call in calls {
                let result = try await run(call, output, ended: &ended)
                history.withLock { $0.append(OpenAIChat.Message(role: "tool", content: result, toolCallID: call.id)) }
            }
            if ended { return }
        }
    }

    /// Runs one tool call; built-ins end or transfer the call.
    private func run(_ call: OpenAIChat.ToolCall, _ output: AsyncThrowingStream<BrainOutput, any Error>.Continuation, ended: inout Bool) async throws -> String {
        let arguments = (try? JSONDecoder().decode(JSONValue.self, from: Data(call.function.arguments.utf8))) ?? .object([:])
        switch call.function.name {
        case "end_call":
            ended = true
            output.yield(.endCall(reason: arguments["reason"]?.stringValue ?? "agent_ended_call"))
            return #"{"ok":true}"#
        case "transfer_call":
            guard let target = arguments["target"]?.stringValue, brain.configuration.transferTargets.contains(target) else {
                return #"{"error":"unknown transfer target"}"#
            }
            ended = true
            output.yield(.transfer(target: target))
            return #"{"ok":true}"#
        default:
            guard let executor = brain.executor, let tool = executor.tools.first(where: { $0.name == call.function.name }) else {
                output.yield(.toolCall(name: call.function.name, succeeded: false))
                return #"{"error":"unknown tool"}"#
            }
            if let filler = tool.filler { output.yield(.filler(filler)) }
            output.yield(.toolCall(name: tool.name, succeeded: nil))
            do {
                let result = try await executor.run(name: tool.name, arguments: arguments)
                output.yield(.toolCall(name: tool.name, succeeded: true))
                return String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            } catch {
                output.yield(.toolCall(name: tool.name, succeeded: false))
                let result = (error as? HTTPToolError)?.modelResult ?? JSONValue.object(["error": .string("\(error)")])
                return String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            }
        }
    }

    /// Runs `body` under the request deadline and the idle deadline: a stream that
    /// stalls mid-reply must fail (and the session speak its fallback), not leave dead air.
    private func watched<T: Sendable>(_ body: @escaping @Sendable (StreamActivity) async throws -> T) async throws -> T {
        let activity = StreamActivity()
        let configuration = brain.configuration
        let provider = brain.name
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body(activity) }
            group.addTask {
                let clock = ContinuousClock()
                let start = clock.now
                while true {
                    try await Task.sleep(for: .milliseconds(250))
                    let now = clock.now
                    if now - start > configuration.requestTimeout {
                        throw ProviderError(.timeout, provider: provider, "no complete answer within \(configuration.requestTimeout)")
                    }
                    if now - activity.last > configuration.idleTimeout {
                        throw ProviderError(.timeout, provider: provider, "the stream stalled for \(configuration.idleTimeout)")
                    }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw ProviderError(.timeout, provider: provider, "no answer")
            }
            return result
        }
    }

    /// One streamed completion: yields text as it comes, returns the full text and tool calls.
    private func streamCompletion(
        _ output: AsyncThrowingStream<BrainOutput, any Error>.Continuation, activity: StreamActivity
    ) async throws -> (String, [OpenAIChat.ToolCall]) {
        let configuration = brain.configuration
        let body = OpenAIChat.Request(
            model: configuration.model, messages: messages, temperature: configuration.temperature,
            maxTokens: configuration.maxTokens, tools: brain.offeredTools)
        var request = HTTPClientRequest(url: configuration.baseURL.trimmingSuffix("/") + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let key = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let timeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeout.components.seconds) * 1_000_000_000)
        let response = try await brain.client.execute(request, timeout: timeout)
        guard response.status == .ok else {
            let errorBody = try? await response.body.collect(upTo: 64 * 1024)
            throw HTTPProviderError.from(status: response.status, body: errorBody, provider: brain.name)
        }
        var events = ServerSentEvents()
        var text = ""
        var calls: [Int: OpenAIChat.ToolCall] = [:]
        var finished = false
        reading: for try await buffer in response.body {
            activity.touch()
            for event in try events.feed(buffer.readableBytesView) {
                if event == "[DONE]" {
                    finished = true
                    break reading
                }
                let chunk: OpenAIChat.Chunk
                do {
                    chunk = try JSONDecoder().decode(OpenAIChat.Chunk.self, from: Data(event.utf8))
                } catch {
                    throw ProviderError(.protocolViolation, provider: brain.name, "unreadable stream chunk: \(event.prefix(200))")
                }
                for choice in chunk.choices {
                    if let content = choice.delta?.content, !content.isEmpty {
                        text += content
                        output.yield(.text(content))
                    }
                    for delta in choice.delta?.toolCalls ?? [] {
                        var call = calls[delta.index] ?? OpenAIChat.ToolCall(id: "", function: .init(name: "", arguments: ""))
                        if let id = delta.id { call.id = id }
                        if let name = delta.function?.name { call.function.name += name }
                        if let arguments = delta.function?.arguments { call.function.arguments += arguments }
                        calls[delta.index] = call
                    }
                    if choice.finishReason != nil { finished = true }
                }
            }
        }
        guard finished else {
            throw ProviderError(.unavailable, provider: brain.name, "the stream ended before the reply was complete")
        }
        return (text, calls.sorted { $0.key < $1.key }.map(\.value))
    }
}

/// When the stream last delivered bytes.
final class StreamActivity: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    var last: ContinuousClock.Instant { instant.withLock { $0 } }
    func touch() { instant.withLock { $0 = ContinuousClock.now } }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var result = self
        while result.hasSuffix(suffix) { result.removeLast(suffix.count) }
        return result
    }
}
