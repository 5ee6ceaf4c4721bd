import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `parley dial --agent NAME --to +1…`: asks a running Parley server to place a call.
struct DialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial", abstract: "Place an outbound call through a running server (POST /v1/calls).",
        discussion: """
            Needs the organization's Twilio secrets (twilio.account_sid, twilio.auth_token) and a phone number \
            (POST /v1/phone-numbers). The API key comes from --api-key or PARLEY_API_KEY.
            """)

    @Option(help: "Agent name or id.") var agent: String
    @Option(help: "Number to call, E.164 (e.g. +14155550123).") var to: String
    @Option(help: "Caller ID: one of the organization's numbers (default: the first).") var from: String?
    @Option(help: "Base URL of the server (default http://127.0.0.1:8080).") var server: String = "http://127.0.0.1:8080"
    @Option(name: .customLong("api-key"), help: "API key with calls.write (default: PARLEY_API_KEY).") var apiKey: String?

    func run() async throws {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["PARLEY_API_KEY"], !key.isEmpty else {
            throw ValidationError("give --api-key or set PARLEY_API_KEY (create one with `parley apikey create --role manager`)")
        }
        var body: [String: String] = ["agent": agent, "to": to]
        if let from { body["from"] = from }
        var request = HTTPClientRequest(url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v1/calls")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response: HTTPClientResponse
        let text: String
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            throw fail(ParleyDialError(message: "cannot reach \(server): \(error)"))
        }
        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        guard response.status.code == 201, let id = json["id"] as? String else {
            let message = (json["error"] as? [String: Any])?["message"] as? String ?? text
            throw fail(ParleyDialError(message: "the call was not placed (\(response.status.code)): \(message)"))
        }
        print("placed call \(id) to \(to) with agent \(agent) (Twilio \(json["external_id"] as? String ?? "?")); follow it at \(server)/v1/calls/\(id)")
    }
}

struct ParleyDialError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
