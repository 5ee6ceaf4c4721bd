import Foundation
import ParleyCore
@testable import ParleyProviders
import ParleyVoice
import Testing

@Suite struct HTTPToolExecutorTests {
    static let secret = "tsk_test_secret"
    static let clock = FixedWallClock(micros: 1_750_000_000_000_000)

    static func tool(_ base: String, name: String = "check_availability", timeoutMs: Int = 5_000,
                     headers: [String: String]? = nil, method: String = "POST") -> AgentTool {
        AgentTool(
            name: name, description: "Free slots on a day",
            parameters: ["type": "object", "properties": ["day": ["type": "string", "enum": ["monday", "tuesday"]], "party": ["type": "integer"]],
                         "required": ["day"]],
            url: "\(base)/tools/\(name)", method: method, timeoutMs: timeoutMs, headers: headers, filler: "Let me check.")
    }

    /// Private networks are allowed unless a test says otherwise: the fake tool listens on 127.0.0.1.
    func executor(_ tools: [AgentTool], secret: String? = HTTPToolExecutorTests.secret, maximumResponseBytes: Int = 64 * 1024,
                  targetGuard: OutboundTargetGuard = .allowingPrivateNetworks) -> HTTPToolExecutor {
        HTTPToolExecutor(tools: tools, context: CallContext(callID: "call_123", signingSecret: secret), targetGuard: targetGuard,
                         clock: Self.clock, maximumResponseBytes: maximumResponseBytes)
    }

    func failure(_ body: () async throws(HTTPToolError) -> JSONValue) async -> HTTPToolError? {
        do {
            let result = try await body()
            Issue.record("expected a failure, got \(result)")
            return nil
        } catch {
            return error
        }
    }

    @Test func signedRequestCarriesToolArgumentsAndCallID() async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [.status(200, #"{"slots": ["10:00", "14:30"]}"#)])
        try await fake.run { base in
            let tools = executor([Self.tool(base, headers: ["X-Team": "dental"])])
            #expect(tools.tools == [FunctionTool(name: "check_availability", description: "Free slots on a day",
                                                 parameters: Self.tool(base).parameters, filler: "Let me check.")])
            let result = try await tools.run(name: "check_availability", arguments: ["day": "tuesday", "party": 2])
            #expect(result == ["slots": ["10:00", "14:30"]])
        }
        let request = try #require(fake.requests.events.first)
        #expect(request.signatureVerified)
        #expect(request.method == "POST" && request.path == "/tools/check_availability")
        #expect(request.json == ["tool": "check_availability", "arguments": ["day": "tuesday", "party": 2], "call_id": "call_123"])
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-team"] == "dental")
        #expect(request.headers["parley-signature"]?.hasPrefix("t=1750000000,v1=") == true)
        // The fake would have noticed a signature made with another secret.
        #expect(!WebhookSignature.verify(request.headers["parley-signature"] ?? "", secret: "other", body: request.body,
                                         now: Self.clock.nowSeconds()))
    }

    @Test func methodAndTextAnswersAreKept() async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [.status(200, "Booked for 10:00."), .status(204, "")])
        try await fake.run { base in
            let tools = executor([Self.tool(base, method: "PUT")])
            let text = try await tools.run(name: "check_availability", arguments: ["day": "monday"])
            #expect(text == ["result": "Booked for 10:00."])
            let empty = try await tools.run(name: "check_availability", arguments: ["day": "monday"])
            #expect(empty == ["ok": true])
        }
        #expect(fake.requests.events.map(\.method) == ["PUT", "PUT"])
    }

    @Test func slowToolTimesOut() async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [.hang])
        try await fake.run { base in
            let tools = executor([Self.tool(base, timeoutMs: 200)])
            let error = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("check_availability", arguments: ["day": "monday"]) }
            #expect(error?.code == .timeout)
            #expect(error?.modelResult["error"] == "timeout")
        }
        #expect(fake.requests.events.count == 1)
    }

    @Test(arguments: [
        (["party": 2] as JSONValue, "day"),
        (["day": "friday"], "day"),
        (["day": "monday", "party": "two"], "party"),
    ] as [(JSONValue, String)])
    func argumentsBreakingTheSchemaAreNotSent(arguments: JSONValue, argument: String) async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [])
        try await fake.run { base in
            let tools = executor([Self.tool(base)])
            let error = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("check_availability", arguments: arguments) }
            #expect(error?.code == .invalidArguments)
            #expect(error?.argument == argument)
            #expect(error?.message.contains("'\(argument)'") == true)
        }
        #expect(fake.requests.events.isEmpty)
    }

    @Test(arguments: [404, 500])
    func errorStatusesReachTheModel(status: Int) async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [.status(status, #"{"detail": "calendar offline"}"#)])
        try await fake.run { base in
            let error = await failure { () async throws(HTTPToolError) -> JSONValue in
                try await executor([Self.tool(base)]).call("check_availability", arguments: ["day": "monday"])
            }
            #expect(error?.code == .httpStatus)
            #expect(error?.status == status)
            #expect(error?.message.contains("calendar offline") == true)
            #expect(error?.modelResult["status"] == .number(Double(status)))
        }
    }

    @Test(arguments: [true, false])
    func oversizedAnswersAreRefused(streamed: Bool) async throws {
        let answer: FakeToolServer.Answer = streamed ? .stream(count: 20_000) : .status(200, String(repeating: "y", count: 20_000))
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [answer, .stream(count: 8_000)])
        try await fake.run { base in
            let tools = executor([Self.tool(base)], maximumResponseBytes: 10_000)
            let error = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("check_availability", arguments: ["day": "monday"]) }
            #expect(error?.code == .responseTooLarge)
            // Under the cap is fine.
            let small = try await tools.call("check_availability", arguments: ["day": "monday"])
            #expect(small["result"]?.stringValue?.count == 8_000)
        }
    }

    @Test func withoutASigningSecretNothingIsSent() async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [])
        try await fake.run { base in
            let error = await failure { () async throws(HTTPToolError) -> JSONValue in
                try await executor([Self.tool(base)], secret: nil).call("check_availability", arguments: ["day": "monday"])
            }
            #expect(error?.code == .notConfigured)
            #expect(error?.message.contains("tools.signing_secret") == true)
        }
        #expect(fake.requests.events.isEmpty)
    }

    @Test func unreachableAndUnknownTools() async {
        // Port 9 (discard) on loopback: nothing listens there. The client may retry the refused
        // connection until the tool's deadline, so either answer is a failure the model sees.
        let tools = executor([Self.tool("http://127.0.0.1:9", timeoutMs: 500)])
        let unreachable = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("check_availability", arguments: ["day": "monday"]) }
        #expect(unreachable?.code == .unreachable || unreachable?.code == .timeout)
        let unknown = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("nope", arguments: [:]) }
        #expect(unknown?.code == .unknownTool)
    }

    @Test(arguments: [false, true])
    func privateTargetsAreRefusedUnlessAllowed(_ allowPrivate: Bool) async throws {
        let fake = FakeToolServer(secret: Self.secret, clock: Self.clock, [.status(200, #"{"ok": true}"#)])
        try await fake.run { base in
            let tools = executor([Self.tool(base)], targetGuard: OutboundTargetGuard(policy: OutboundAddressPolicy(allowPrivateNetworks: allowPrivate)))
            if allowPrivate {
                let result = try await tools.run(name: "check_availability", arguments: ["day": "monday"])
                #expect(result == ["ok": true])
            } else {
                let error = await failure { () async throws(HTTPToolError) -> JSONValue in
                    try await tools.call("check_availability", arguments: ["day": "monday"])
                }
                #expect(error?.code == .forbiddenTarget)
                #expect(error?.message.contains("127.0.0.1 is a loopback address") == true)
                #expect(error?.modelResult["error"] == "forbidden_target")
            }
        }
        #expect(fake.requests.events.count == (allowPrivate ? 1 : 0))
    }

    @Test func aNameResolvingToAPrivateAddressIsRefusedBeforeSending() async {
        let resolver = FakeHostResolver(["tools.example.com": [IPAddress("93.184.216.34")!, IPAddress("10.0.0.5")!]])
        let tools = executor([Self.tool("https://tools.example.com")], targetGuard: OutboundTargetGuard(policy: .strict, resolver: resolver))
        let error = await failure { () async throws(HTTPToolError) -> JSONValue in try await tools.call("check_availability", arguments: ["day": "monday"]) }
        #expect(error?.code == .forbiddenTarget)
        #expect(error?.message.hasPrefix("tools.example.com resolves to 10.0.0.5, a private address") == true)
    }
}
