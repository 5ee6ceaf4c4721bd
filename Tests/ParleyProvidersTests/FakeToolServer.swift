import Foundation
import Hummingbird
import NIOCore
import ParleyCore
import ParleyVoice
import Synchronization

/// A local stand-in for an agent's webhook tool: real HTTP on loopback, scripted answers,
/// every request recorded with whether its `Parley-Signature` verified against `secret`.
final class FakeToolServer: Sendable {
    enum Answer: Sendable {
        /// This status and body.
        case status(Int, String)
        /// `count` bytes of `x` streamed in 4 KiB chunks, without a Content-Length.
        case stream(count: Int)
        /// Answer only when the server stops.
        case hang
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var signatureVerified: Bool
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null }
    }

    let secret: String
    let clock: any WallClock
    private let answers: Mutex<[Answer]>
    private let lifecycle = FakeServerLifecycle()
    let requests = EventLog<Request>()

    init(secret: String, clock: any WallClock, _ answers: [Answer]) {
        self.secret = secret
        self.clock = clock
        self.answers = Mutex(answers)
    }

    /// Runs the server for the duration of `body`, which gets the tool URL base (`http://127.0.0.1:<port>`).
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("tools/{name}") { request, _ in try await self.handle(request) }
        router.put("tools/{name}") { request, _ in try await self.handle(request) }
        try await lifecycle.run({ onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }

    private func handle(_ request: Hummingbird.Request) async throws -> Response {
        let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        // Names lowercased, as HTTP/1 compares them.
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let signature = headers["parley-signature"] ?? ""
        let verified = WebhookSignature.verify(signature, secret: secret, body: bytes, now: clock.nowSeconds())
        requests.record(Request(method: request.method.rawValue, path: request.uri.path, headers: headers, body: bytes,
                                signatureVerified: verified))
        let answer = answers.withLock { $0.isEmpty ? Answer.status(500, "no more scripted answers") : $0.removeFirst() }
        switch answer {
        case .status(let code, let text):
            return Response(status: HTTPResponse.Status(code: code), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .stream(let count):
            return Response(status: .ok, body: ResponseBody { writer in
                var left = count
                while left > 0 {
                    let chunk = min(left, 4_096)
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "x"), count: chunk))
                    left -= chunk
                }
                try await writer.finish(nil)
            })
        case .hang:
            await lifecycle.untilStopping()
            return Response(status: .ok)
        }
    }
}

/// A wall clock that stands still (signatures carry its time).
struct FixedWallClock: WallClock {
    var micros: Int64
    func nowMicros() -> Int64 { micros }
}
