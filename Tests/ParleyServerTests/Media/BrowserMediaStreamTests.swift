import Foundation
import HummingbirdTesting
import ParleyCalls
import ParleyCore
import ParleyKeyring
import ParleyServer
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct BrowserMediaStreamTests {
    func url(_ client: any TestClientProtocol) -> String { "ws://127.0.0.1:\(client.port ?? 0)/v1/media/browser" }

    func ticket(_ client: any TestClientProtocol, key: String, agent: String = "demo") async throws -> String {
        let created = try await client.call(.post, "/v1/agents/\(agent)/web-calls", key: key)
        #expect(created.status == 201, "\(created.body)")
        #expect((created.json["url"] as? String)?.hasSuffix("/v1/media/browser") == true)
        return try #require(created.json["token"] as? String)
    }

    func start(_ token: String) -> String { #"{"event":"start","token":"\#(token)","sampleRate":16000}"# }

    @Test func aBrowserCallHearsTheCallerAndAnswers() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "I'd like to book an appointment"), blobs: blobs)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            var demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            demo.configuration.recordingEnabled = true
            _ = try await server.environment.agents.update(demo.id, org: server.orgID, name: nil, configuration: demo.configuration)
            let line = try await MediaTestSupport.callerLine("I'd like to book an appointment, please.", rate: 16_000)
            let caller = BrowserCallClient(url: url(client), startMessage: start(try await ticket(client, key: server.adminKey)),
                                           caller: MediaTestSupport.silence(4, rate: 16_000) + line, tailMilliseconds: 4_000)
            let result = try await caller.run()
            let started = try #require(result.events("started").first)
            #expect(started["sampleRate"] == "16000")
            #expect(result.agentSamples > 16_000, "the greeting came back as PCM16")
            #expect(result.firstAgentAudio.map { $0 < 4_000 } == true, "the greeting plays before the caller speaks")
            let lines = result.events("transcript")
            #expect(lines.contains { $0["speaker"] == "caller" && $0["text"]?.contains("book an appointment") == true })
            #expect(lines.contains { $0["speaker"] == "agent" && $0["text"]?.contains("What day would you like to come in?") == true },
                    "\(lines)")
            #expect(!result.events("turn").isEmpty, "per-turn latency reaches the page")
            #expect(result.events("ended").first?["reason"] == "remote_hangup")

            let callID = try #require(started["callId"])
            let call = try #require(try await server.environment.calls.find(callID, org: server.orgID))
            #expect(call.direction == .browser && call.transport == "browser" && call.agentVersion == 2)
            #expect(call.status == .completed && call.endReason == "remote_hangup")
            #expect(try await server.environment.calls.transcript(call.id, org: server.orgID).contains { $0.speaker == .agent })
            #expect(call.recordingState == .available)
            let key = try #require(try await server.environment.calls.recordingKey(call.id, org: server.orgID))
            var bytes = 0
            try EncryptedBlobWriter.read(store: blobs, name: RecordingWriter.blobName(org: server.orgID, call: call.id), key: key) { bytes += $0.count }
            let seconds = Double(bytes) / 4 / 16_000
            #expect(seconds > 8 && seconds < 20, "a 16 kHz stereo recording of \(seconds) s")
        }
    }

    @Test func ticketsOpenOneCallOnlyAndCannotBeForged() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            func attempt(_ token: String) async throws -> BrowserCallClient.Result {
                try await BrowserCallClient(url: url(client), startMessage: start(token), caller: MediaTestSupport.silence(0.4, rate: 16_000)).run()
            }
            let token = try await ticket(client, key: server.adminKey)
            #expect(try await attempt(token).events("started").count == 1)
            let replayed = try await attempt(token)
            #expect(replayed.events("started").isEmpty && replayed.events("error").first?["code"] == "unauthorized", "\(replayed.messages)")
            #expect(try await attempt(token.dropLast() + "A").events("error").first?["code"] == "unauthorized", "tampered ticket")
            let media = try #require(server.media)
            let demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            let twilioToken = try media.streamToken(callSid: "browser", org: server.orgID, agentID: demo.id)
            #expect(try await attempt(twilioToken).events("error").first?["code"] == "unauthorized", "a Twilio stream token is not a ticket")
            let late = try await ticket(client, key: server.adminKey)
            server.clock.advance(seconds: 120)
            #expect(try await attempt(late).events("error").first?["code"] == "unauthorized", "expired ticket")
            #expect(try await server.environment.calls.list(org: server.orgID, page: PageRequest()).items.count == 1)

            // Tickets need calls.write, and another org's agent does not exist for this key.
            let viewer = try await server.key(role: .viewer)
            #expect(try await client.call(.post, "/v1/agents/demo/web-calls", key: viewer).status == 403)
            let other = try await server.makeTenant(role: .owner)
            let theirs = try await server.environment.agents.create(org: other.orgID, name: "theirs", configuration: demo.configuration)
            #expect(try await client.call(.post, "/v1/agents/\(theirs.id)/web-calls", key: server.adminKey).status == 404)
        }
    }

    @Test func badInputEndsTheCallWithATypedErrorAndKeepsTheRecord() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            // Audio before start: refused, no call.
            let early = try await BrowserCallClient(url: url(client), startMessage: #"{"event":"hello"}"#).run()
            #expect(early.events("error").first?["code"] == "unexpected_event")
            #expect(try await server.environment.calls.list(org: server.orgID, page: PageRequest()).items.isEmpty)
            // Faster than real time after a good start: the call ends as a protocol error and is kept.
            var flood = BrowserCallClient(url: url(client), startMessage: start(try await ticket(client, key: server.adminKey)))
            flood.rawBinary = Array(repeating: [UInt8](repeating: 0, count: 8_000), count: 16)
            let result = try await flood.run()
            #expect(result.events("error").first?["code"] == "too_fast", "\(result.messages)")
            let call = try #require(try await server.environment.calls.list(org: server.orgID, page: PageRequest()).items.first)
            #expect(call.endReason == "protocol_error" && call.status == .completed, "\(call.endReason ?? "-")")
            #expect(try await server.environment.calls.events(call.id, org: server.orgID).contains { $0.kind == "protocol_error" })
            // A message over the 64 KiB limit (but within what the socket accepts) gets its typed error too.
            var big = BrowserCallClient(url: url(client), startMessage: start(try await ticket(client, key: server.adminKey)))
            big.rawBinary = [[UInt8](repeating: 0, count: 70_000)]
            let oversized = try await big.run()
            #expect(oversized.events("error").first?["code"] == "oversized_message", "\(oversized.messages)")
        }
    }
}
