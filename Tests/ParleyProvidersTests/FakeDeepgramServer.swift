import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Synchronization

/// A local stand-in for Deepgram's live endpoint (`/v1/listen`) speaking its documented
/// protocol: binary audio up, JSON control messages up (`KeepAlive`, `Finalize`,
/// `CloseStream`), `Results` JSON down, timed in seconds from the start of the stream.
final class FakeDeepgramServer: Sendable {
    /// How to answer one `Finalize`.
    enum Reply: Sendable {
        /// Final results splitting the utterance's span, the last marked `from_finalize`
        /// when `markFinalize`; an interim guess first when `interim`.
        case transcript([String], markFinalize: Bool = true, interim: Bool = false)
        /// A text message that is not JSON.
        case malformed
        /// Say nothing.
        case silence
        /// Drop the connection.
        case disconnect
    }

    enum Event: Sendable, Equatable {
        case connected(query: [String: String], authorization: String?)
        case audio(bytes: Int)
        case control(String)
        case closed
    }

    private let replies: Mutex<[Reply]>
    private let refuse: Bool
    private let lifecycle = FakeServerLifecycle()
    let log = EventLog<Event>()

    init(_ replies: [Reply], refuse: Bool = false) {
        self.replies = Mutex(replies)
        self.refuse = refuse
    }

    var connections: Int { log.events.filter { if case .connected = $0 { true } else { false } }.count }
    var controls: [String] { log.events.compactMap { if case .control(let type) = $0 { type } else { nil } } }

    /// Runs the server for the duration of `body`, which gets `ws://127.0.0.1:PORT/v1/listen`.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let refuse = self.refuse
        router.ws("v1/listen") { _, _ in
            if refuse { throw HTTPError(.unauthorized) }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            try await self.serve(inbound: inbound, outbound: outbound, request: context.request)
        }
        try await lifecycle.run({ onServerRunning in
            Application(
                router: Router(), server: .http1WebSocketUpgrade(webSocketRouter: router),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { port in
            try await body("ws://127.0.0.1:\(port)/v1/listen")
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request) async throws {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        log.record(.connected(query: query, authorization: request.headers[.authorization]))
        defer { log.record(.closed) }
        let rate = Double(Int(query["sample_rate"] ?? "") ?? 16_000)
        let bytesPerSecond = rate * (query["encoding"] == "mulaw" ? 1 : 2)
        var streamSeconds = 0.0
        var utteranceStart = 0.0
        for try await message in inbound.messages(maxSize: 1 << 22) {
            switch message {
            case .binary(let buffer):
                log.record(.audio(bytes: buffer.readableBytes))
                streamSeconds += Double(buffer.readableBytes) / bytesPerSecond
            case .text(let text):
                let type = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)))?["type"] ?? "?"
                log.record(.control(type))
                switch type {
                case "Finalize":
                    let reply = replies.withLock { $0.isEmpty ? Reply.silence : $0.removeFirst() }
                    switch reply {
                    case .transcript(let parts, let markFinalize, let interim):
                        if interim {
                            try await outbound.write(.text(Self.results("uh", start: utteranceStart, end: streamSeconds, final: false, fromFinalize: false)))
                        }
                        let step = (streamSeconds - utteranceStart) / Double(max(parts.count, 1))
                        for (index, part) in parts.enumerated() {
                            let start = utteranceStart + step * Double(index)
                            let isLast = index == parts.count - 1
                            try await outbound.write(.text(Self.results(
                                part, start: start, end: isLast ? streamSeconds : start + step, final: true, fromFinalize: isLast && markFinalize)))
                        }
                    case .malformed:
                        try await outbound.write(.text("{\"type\":\"Results\", oops"))
                    case .silence:
                        break
                    case .disconnect:
                        return
                    }
                    utteranceStart = streamSeconds
                case "CloseStream":
                    try await outbound.write(.text(#"{"type":"Metadata","request_id":"test","duration":\#(streamSeconds),"channels":1}"#))
                    return
                default:
                    break
                }
            }
        }
    }

    /// A `Results` message as Deepgram documents it.
    static func results(_ transcript: String, start: Double, end: Double, final: Bool, fromFinalize: Bool) -> String {
        let escaped = String(decoding: try! JSONEncoder().encode(transcript), as: UTF8.self)
        return #"""
        {"type":"Results","channel_index":[0,1],"duration":\#(end - start),"start":\#(start),"is_final":\#(final),\#
        "speech_final":\#(final),"from_finalize":\#(fromFinalize),"channel":{"alternatives":[{"transcript":\#(escaped),\#
        "confidence":0.9,"words":[]}]},"metadata":{"request_id":"test"}}
        """#
    }
}
