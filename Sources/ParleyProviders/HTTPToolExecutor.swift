import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ParleyCore
import ParleyVoice

/// Runs an agent's HTTP webhook tools: checks the model's arguments against the tool's
/// parameter schema, then sends `{"tool", "arguments", "call_id"}` signed with
/// `Parley-Signature` (the webhook format, keyed with the org's `tools.signing_secret`), under
/// the tool's timeout, and hands the JSON answer (or its text, wrapped) back to the model.
/// Hosts that are, or resolve to, loopback, private or metadata addresses are refused
/// (`forbidden_target`) unless `targetGuard` allows private networks.
public struct HTTPToolExecutor: ToolExecutor {
    public let tools: [FunctionTool]
    let definitions: [String: AgentTool]
    let context: CallContext
    let client: HTTPClient
    let targetGuard: OutboundTargetGuard
    let clock: any WallClock
    /// Larger answers are refused (`response_too_large`): they would flood the model's context.
    let maximumResponseBytes: Int

    /// `client` should not follow redirects (`OutboundTargetGuard.clientConfiguration`): a
    /// redirect would reach a host `targetGuard` never checked.
    public init(tools: [AgentTool], context: CallContext, targetGuard: OutboundTargetGuard, client: HTTPClient = .shared,
                clock: any WallClock = SystemWallClock(), maximumResponseBytes: Int = 64 * 1024) {
        self.tools = tools.map { FunctionTool(name: $0.name, description: $0.description, parameters: $0.parameters, filler: $0.filler) }
        definitions = Dictionary(tools.map { ($0.name, $0) }) { first, _ in first }
        self.context = context
        self.client = client
        self.targetGuard = targetGuard
        self.clock = clock
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func run(name: String, arguments: JSONValue) async throws -> JSONValue {
        try await call(name, arguments: arguments)
    }

    /// `run` with its typed error.
    public func call(_ name: String, arguments: JSONValue) async throws(HTTPToolError) -> JSONValue {
        guard let tool = definitions[name] else { throw HTTPToolError(.unknownTool, "no tool named '\(name)'") }
        do {
            try JSONSchemaValidator.validate(arguments, against: tool.parameters)
        } catch {
            throw HTTPToolError(.invalidArguments, "bad argument \(error.path.isEmpty ? "object" : "'\(error.path)'"): \(error.message)",
                                argument: error.path)
        }
        guard let secret = context.signingSecret, !secret.isEmpty else {
            throw HTTPToolError(.notConfigured, "tool calls are not set up: the organization has no \(CallContext.signingSecretName) secret")
        }
        let body = try requestBody(tool: tool, arguments: arguments)
        var request = HTTPClientRequest(url: tool.url)
        request.method = HTTPMethod(rawValue: tool.method)
        for (header, value) in (tool.headers ?? [:]).sorted(by: { $0.key < $1.key }) { request.headers.add(name: header, value: value) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Parley-Tools/1")
        request.headers.add(name: "Parley-Tool", value: tool.name)
        request.headers.add(name: "Parley-Signature", value: WebhookSignature.header(secret: secret, timestamp: clock.nowSeconds(), body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        let signed = request
        let (status, answer) = try await withTimeout(milliseconds: tool.timeoutMs) { () async throws(HTTPToolError) -> (Int, [UInt8]) in
            try await self.checkTarget(tool.url)
            return try await self.send(signed, timeoutMs: tool.timeoutMs)
        }
        guard (200..<300).contains(status) else {
            let detail = String(decoding: answer.prefix(300), as: UTF8.self)
            throw HTTPToolError(.httpStatus, "the tool answered HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)")", status: status)
        }
        return Self.result(answer)
    }

    private func requestBody(tool: AgentTool, arguments: JSONValue) throws(HTTPToolError) -> [UInt8] {
        let payload: JSONValue = [
            "tool": .string(tool.name), "arguments": arguments, "call_id": context.callID.map { .string($0) } ?? .null,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(payload)) } catch {
            throw HTTPToolError(.invalidArguments, "the arguments cannot be encoded as JSON: \(error)")
        }
    }

    /// Resolves the tool's host (inside the timeout: DNS can hang) and refuses forbidden addresses.
    private func checkTarget(_ url: String) async throws(HTTPToolError) {
        do {
            try await targetGuard.check(url: url)
        } catch {
            switch error.code {
            case .forbiddenTarget: throw HTTPToolError(.forbiddenTarget, error.message)
            case .unresolvable, .invalidURL: throw HTTPToolError(.unreachable, "the tool could not be reached: \(error.message)")
            }
        }
    }

    /// Sends the request and reads at most `maximumResponseBytes` of the answer.
    private func send(_ request: HTTPClientRequest, timeoutMs: Int) async throws(HTTPToolError) -> (Int, [UInt8]) {
        do {
            let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(timeoutMs)))
            let status = Int(response.status.code)
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumResponseBytes {
                throw HTTPToolError(.responseTooLarge, "the answer is \(length) bytes; tools may answer at most \(maximumResponseBytes)")
            }
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                bytes += chunk.readableBytesView
                if bytes.count > maximumResponseBytes {
                    throw HTTPToolError(.responseTooLarge, "the answer is over \(maximumResponseBytes) bytes; tools may answer at most that")
                }
            }
            return (status, bytes)
        } catch let error as HTTPToolError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw HTTPToolError(.timeout, "the tool did not answer within \(timeoutMs) ms")
        } catch {
            throw HTTPToolError(.unreachable, "the tool could not be reached: \(error)")
        }
    }

    /// Runs `body`, or throws `timeout` once `milliseconds` passed (the request is cancelled):
    /// the client's deadline covers the response head, this also covers a trickling body.
    private func withTimeout<T: Sendable>(
        milliseconds: Int, _ body: @escaping @Sendable () async throws(HTTPToolError) -> T
    ) async throws(HTTPToolError) -> T {
        let outcome: Result<T, HTTPToolError> = await withTaskGroup(of: Result<T, HTTPToolError>?.self) { group in
            group.addTask {
                do throws(HTTPToolError) { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                do { try await Task.sleep(for: .milliseconds(milliseconds)) } catch { return nil }
                return .failure(HTTPToolError(.timeout, "the tool did not answer within \(milliseconds) ms"))
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return .failure(HTTPToolError(.timeout, "the tool did not answer within \(milliseconds) ms"))
        }
        return try outcome.get()
    }

    /// The model's view of an answer: its JSON, `{"ok": true}` when empty, else `{"result": text}`.
    static func result(_ bytes: [UInt8]) -> JSONValue {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return ["ok": true] }
        if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) { return json }
        return ["result": .string(String(decoding: bytes, as: UTF8.self))]
    }
}
