import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ParleyServer
import ParleyTelephony
import Synchronization

/// A local stand-in for Twilio: its REST API (create, hang up, redirect) and, for each call
/// created with a `Url`, Twilio's side of the call — the signed answer webhook, the media
/// stream with the token from the returned TwiML, and the signed status callback.
final class FakeTwilio: Sendable {
    struct Placed: Sendable {
        var form: [(name: String, value: String)]
        var sid: String
        func value(_ name: String) -> String? { form.first { $0.name == name }?.value }
    }

    enum Behaviour: Sendable {
        /// Answer, stream `caller` audio, then report `completed`.
        case answer(caller: [Int16])
        /// Report `no-answer` without connecting.
        case noAnswer
    }

    let accountSid = "AC" + String(repeating: "a", count: 32)
    let authToken: String
    let behaviour: Behaviour
    private let state = Mutex<(placed: [Placed], results: [TwilioStreamSimulator.Result], updates: [Placed], callTasks: [Task<Void, any Error>])>(
        ([], [], [], []))
    /// The port Parley really listens on (its public URL in signatures stays as configured).
    let parleyPort = Mutex<Int>(0)

    init(authToken: String, behaviour: Behaviour) {
        self.authToken = authToken
        self.behaviour = behaviour
    }

    var placed: [Placed] { state.withLock { $0.placed } }
    var streams: [TwilioStreamSimulator.Result] { state.withLock { $0.results } }
    /// Updates of live calls (hang-up: `Status=completed`; transfer: `Twiml` with `<Dial>`).
    var updates: [Placed] { state.withLock { $0.updates } }

    /// Waits for every simulated call to finish (answer webhook, stream, status callback).
    func callsFinished() async throws {
        for task in state.withLock({ $0.callTasks }) { try await task.value }
    }

    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Calls.json") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let form = FormURLEncoding.decode(text) ?? []
            let sid = "CA" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let placed = Placed(form: form, sid: sid)
            let task = Task { try await self.simulate(placed) }
            self.state.withLock { $0.placed.append(placed); $0.callTasks.append(task) }
            return Self.json(201, #"{"sid":"\#(sid)","status":"queued","to":"\#(placed.value("To") ?? "")","from":"\#(placed.value("From") ?? "")","direction":"outbound-api"}"#)
        }
        router.post("/2010-04-01/Accounts/:account/Calls/:sid") { request, context -> Response in
            let sid = String((context.parameters.get("sid") ?? "").dropLast(".json".count))
            let form = FormURLEncoding.decode(String(buffer: try await request.body.collect(upTo: 1 << 16))) ?? []
            self.state.withLock { $0.updates.append(Placed(form: form, sid: sid)) }
            return Self.json(200, #"{"sid":"\#(sid)","status":"completed"}"#)
        }
        try await FakeServer.run(router, body)
    }

    /// What Twilio does for a placed call.
    private func simulate(_ placed: Placed) async throws {
        guard let answerURL = placed.value("Url"), let statusURL = placed.value("StatusCallback") else { return }
        switch behaviour {
        case .noAnswer:
            try await post(statusURL, ["CallSid": placed.sid, "AccountSid": accountSid, "CallStatus": "no-answer"])
        case .answer(let caller):
            let twiml = try await post(answerURL, ["CallSid": placed.sid, "AccountSid": accountSid, "CallStatus": "in-progress",
                                                   "From": placed.value("From") ?? "", "To": placed.value("To") ?? ""])
            let parameters = Self.parameters(in: twiml)
            guard let streamURL = Self.attribute("url", of: "Stream", in: twiml) else {
                throw FakeTwilioError(message: "the answer TwiML has no <Stream url>: \(twiml)")
            }
            let signature = TwilioSignature(authToken: authToken).signature(url: streamURL)
            let script = TwilioStreamSimulator.Script(
                caller: caller, customParameters: parameters, headers: ["X-Twilio-Signature": signature], tailMilliseconds: 3_000,
                callSid: placed.sid)
            let result = try await TwilioStreamSimulator(url: localize(streamURL), logger: Logger(label: "fake.twilio")).run(script)
            state.withLock { $0.results.append(result) }
            try await post(statusURL, ["CallSid": placed.sid, "AccountSid": accountSid, "CallStatus": "completed", "CallDuration": "9"])
        }
    }

    /// Posts a signed form the way Twilio does; returns the body.
    @discardableResult
    func post(_ url: String, _ fields: [String: String]) async throws -> String {
        let form = fields.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        var request = HTTPClientRequest(url: localize(url))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "X-Twilio-Signature", value: TwilioSignature(authToken: authToken).signature(url: url, parameters: form))
        request.body = .bytes(ByteBuffer(string: FormURLEncoding.encode(form)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code < 300 else { throw FakeTwilioError(message: "\(url) answered \(response.status.code): \(body)") }
        return body
    }

    /// Parley's public URL (127.0.0.1:8080) → where it really listens.
    func localize(_ url: String) -> String {
        url.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(parleyPort.withLock { $0 })")
    }

    static func attribute(_ name: String, of element: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(element) ") else { return nil }
        let tail = xml[start.upperBound...]
        guard let key = tail.range(of: "\(name)=\"") else { return nil }
        let value = tail[key.upperBound...]
        guard let end = value.firstIndex(of: "\"") else { return nil }
        return String(value[..<end]).replacingOccurrences(of: "&amp;", with: "&")
    }

    static func parameters(in xml: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in xml.components(separatedBy: "<Parameter ").dropFirst() {
            if let name = attribute("name", of: "X", in: "<X " + part), let value = attribute("value", of: "X", in: "<X " + part) {
                result[name] = value
            }
        }
        return result
    }

    static func json(_ status: Int, _ body: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

struct FakeTwilioError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
