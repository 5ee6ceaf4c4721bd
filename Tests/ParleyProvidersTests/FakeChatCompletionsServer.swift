import Foundation
import Hummingbird
import NIOCore
import ParleyVoice
import Synchronization

/// A local stand-in for an OpenAI-compatible `/v1/chat/completions` endpoint:
/// real HTTP on loopback, scripted answers, every request recorded.
final class FakeChatCompletionsServer: Sendable {
    enum Answer: Sendable {
        /// Stream these `data:` payloads, then `[DONE]` when `done`.
        case stream([String], done: Bool)
        /// Stream these payloads, then cut the connection.
        case drop([String])
        /// An error status with an OpenAI-style error body.
        case status(Int, String)
        /// Answer only when the server stops.
        case hang
        /// Stream these payloads, then go silent without closing until the server stops.
        case stall([String])
    }

    private let answers: Mutex<[Answer]>
    private let lifecycle = FakeServerLifecycle()
    private let recorded = Mutex<[(authorization: String?, body: JSONValue)]>([])

    init(_ answers: [Answer]) {
        self.answers = Mutex(answers)
    }

    var requests: [(authorization: String?, body: JSONValue)] { recorded.withLock { $0 } }

    /// A text chunk in OpenAI's streaming format.
    static func text(_ content: String) -> String {
        #"{"choices":[{"index":0,"delta":{"content":\#(jsonString(content))}}]}"#
    }

    static func toolCall(index: Int = 0, id: String?, name: String?, arguments: String) -> String {
        let idPart = id.map { #""id":"\#($0)","type":"function","# } ?? ""
        let namePart = name.map { #""name":"\#($0)","# } ?? ""
        return #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":\#(index),\#(idPart)"function":{\#(namePart)"arguments":\#(jsonString(arguments))}}]}}]}"#
    }

    static func finish(_ reason: String) -> String {
        #"{"choices":[{"index":0,"delta":{},"finish_reason":"\#(reason)"}]}"#
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// Runs the server for the duration of `body`, which gets the API base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null
            self.recorded.withLock { $0.append((request.headers[.authorization], json)) }
            let answer = self.answers.withLock { $0.isEmpty ? Answer.status(500, "no more scripted answers") : $0.removeFirst() }
            return try await self.respond(answer)
        }
        try await lifecycle.run({ onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { port in
            try await body("http://127.0.0.1:\(port)/v1")
        }
    }

    private func respond(_ answer: Answer) async throws -> Response {
        switch answer {
        case .stream(let events, let done):
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for event in events { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
                if done { try await writer.write(ByteBuffer(string: "data: [DONE]\n\n")) }
                try await writer.finish(nil)
            })
        case .drop(let events):
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for event in events { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
                throw CancellationError()
            })
        case .status(let code, let message):
            let body = #"{"error":{"message":\#(Self.jsonString(message)),"type":"test"}}"#
            return Response(status: .init(code: code), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .hang:
            await lifecycle.untilStopping()
            return Response(status: .ok)
        case .stall(let events):
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
                for event in events { try await writer.write(ByteBuffer(string: "data: \(event)\n\n")) }
                await self.lifecycle.untilStopping()
            })
        }
    }
}
