import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local stand-in for the HTTP speech APIs (OpenAI-compatible `/v1/audio/speech` and
/// `/v1/audio/transcriptions`, ElevenLabs `/v1/text-to-speech/{voice}/stream`): real HTTP on
/// loopback, scripted answers, every request recorded.
final class FakeAudioAPIServer: Sendable {
    enum Answer: Sendable {
        /// 200 with these body chunks, each written separately.
        case chunks([[UInt8]], contentType: String)
        /// An error status with this body.
        case status(Int, String)
        /// Answer only when the server stops.
        case hang
        /// Write these chunks, then cut the connection.
        case drop([[UInt8]])
        /// Write these chunks, then go silent without closing until the server stops.
        case stall([[UInt8]])
    }

    struct Request: Sendable {
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: [UInt8]
    }

    private let answers: Mutex<[Answer]>
    private let lifecycle = FakeServerLifecycle()
    let requests = EventLog<Request>()

    init(_ answers: [Answer]) {
        self.answers = Mutex(answers)
    }

    /// Runs the server for the duration of `body`, which gets `http://127.0.0.1:PORT`.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        let handler: @Sendable (Hummingbird.Request, BasicRequestContext) async throws -> Response = { request, _ in
            let bytes = try await request.body.collect(upTo: 16 << 20)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }  // lowercase names
            self.requests.record(Request(path: request.uri.path, query: query, headers: headers, body: Array(bytes.readableBytesView)))
            let answer = self.answers.withLock { $0.isEmpty ? Answer.status(500, "no more scripted answers") : $0.removeFirst() }
            return try await self.respond(answer)
        }
        router.post("v1/audio/speech", use: handler)
        router.post("v1/audio/transcriptions", use: handler)
        router.post("v1/text-to-speech/:voice/stream", use: handler)
        try await lifecycle.run({ onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private func respond(_ answer: Answer) async throws -> Response {
        switch answer {
        case .chunks(let chunks, let type):
            return Response(status: .ok, headers: [.contentType: type], body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        case .status(let code, let body):
            return Response(status: .init(code: code), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .hang:
            await lifecycle.untilStopping()
            return Response(status: .ok)
        case .drop(let chunks):
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                throw CancellationError()
            })
        case .stall(let chunks):
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                await self.lifecycle.untilStopping()
            })
        }
    }
}

extension Array where Element == Int16 {
    /// The samples as 16-bit little-endian PCM bytes.
    var littleEndianBytes: [UInt8] {
        flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0)), UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8)] }
    }
}
