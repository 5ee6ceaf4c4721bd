import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local stand-in for Twilio's Calls API: real HTTP on loopback, HTTP Basic checked against
/// one account, scripted answers, every request recorded with its form fields (decoded by
/// Foundation, independently of the client's encoder).
final class FakeTwilioRESTServer: Sendable {
    enum Answer: Sendable {
        /// 201/200 with a call resource.
        case call(sid: String, status: String)
        /// An error status with Twilio's error body.
        case error(status: Int, code: Int, message: String)
        /// 200 with a body that is not JSON.
        case garbage
    }

    struct Recorded: Sendable {
        var path: String
        var contentType: String?
        var fields: [URLQueryItem]

        func values(_ name: String) -> [String] { fields.filter { $0.name == name }.compactMap(\.value) }
        func value(_ name: String) -> String? { values(name).first }
    }

    let accountSid: String
    let authToken: String
    private let answers: Mutex<[Answer]>
    private let recorded = Mutex<[Recorded]>([])

    init(accountSid: String, authToken: String, answers: [Answer]) {
        self.accountSid = accountSid
        self.authToken = authToken
        self.answers = Mutex(answers)
    }

    var requests: [Recorded] { recorded.withLock { $0 } }

    /// Runs the server for the duration of `body`, which gets the base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("2010-04-01/Accounts/:account/Calls.json") { request, context -> Response in
            try await self.handle(request, context: context)
        }
        router.post("2010-04-01/Accounts/:account/Calls/:call") { request, context -> Response in
            try await self.handle(request, context: context)
        }
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                readyContinuation.yield(channel.localAddress?.port ?? 0)
                readyContinuation.finish()
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ready.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        }
    }

    private func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        let expected = "Basic " + Data("\(accountSid):\(authToken)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected, context.parameters.get("account") == accountSid else {
            return Self.json(status: 401, #"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#)
        }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        var components = URLComponents()
        components.percentEncodedQuery = String(buffer: buffer)
        recorded.withLock {
            $0.append(Recorded(path: request.uri.path, contentType: request.headers[.contentType], fields: components.queryItems ?? []))
        }
        let answer = answers.withLock { $0.isEmpty ? Answer.error(status: 500, code: 0, message: "no more scripted answers") : $0.removeFirst() }
        switch answer {
        case .call(let sid, let status):
            return Self.json(status: 201, #"{"sid":"\#(sid)","status":"\#(status)","to":"+15550100","from":"+15550199","direction":"outbound-api","account_sid":"\#(accountSid)"}"#)
        case .error(let status, let code, let message):
            return Self.json(status: status, #"{"code":\#(code),"message":"\#(message)","more_info":"https://www.twilio.com/docs/errors/\#(code)","status":\#(status)}"#)
        case .garbage:
            return Self.json(status: 200, "<html>oops</html>")
        }
    }

    private static func json(status: Int, _ body: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
