import Foundation
import HummingbirdTesting
import ParleyCalls
import ParleyCore
import ParleyKeyring
import ParleyProviders
import ParleyServer
import ParleyStorage
import ParleyTelephony
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct TwilioMediaStreamTests {
    func url(_ client: any TestClientProtocol) -> String { "ws://127.0.0.1:\(client.port ?? 0)/v1/media/twilio" }

    @Test func devStreamRunsTheAgentAndKeepsAnEncryptedRecord() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "I'd like to book an appointment"),
                                     blobs: blobs, allowUnsignedStreams: true)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            // Record this agent's calls.
            var demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            demo.configuration.recordingEnabled = true
            _ = try await server.environment.agents.update(demo.id, org: server.orgID, name: nil, configuration: demo.configuration)
            let line = try await MediaTestSupport.callerLine("I'd like to book an appointment, please.")
            let script = TwilioStreamSimulator.Script(
                caller: MediaTestSupport.silence(4) + line, customParameters: ["agent": "demo", "from": "+14155550123"],
                tailMilliseconds: 4_000)
            let result = try await TwilioStreamSimulator(url: url(client), logger: MediaTestSupport.logger).run(script)
            #expect(result.agentAudio.count > 8_000, "the greeting came back as μ-law media")
            #expect(result.agentMediaTimes.first.map { $0 < 4_000 } == true, "the greeting plays before the caller speaks")
            #expect(result.marks.first == "agent-1", "a mark follows the greeting: \(result.marks)")

            let calls = CallRepository(database: server.database, keyring: server.environment.keyring, clock: server.clock)
            let call = try #require(try await calls.list(org: server.orgID, page: PageRequest()).items.first)
            #expect(call.agentID == demo.id && call.agentVersion == 2 && call.transport == "twilio")
            #expect(call.status == .completed && call.endReason == "remote_hangup")
            #expect(call.from == "+14155550123" && call.externalID == script.callSid)
            let transcript = try await calls.transcript(call.id, org: server.orgID)
            #expect(transcript.contains { $0.speaker == .caller && $0.text.contains("book an appointment") })
            #expect(transcript.contains { $0.speaker == .agent && $0.text.contains("What day would you like to come in?") },
                    "\(transcript.map(\.text))")
            #expect(!(try await calls.turns(call.id, org: server.orgID)).isEmpty)
            #expect(try await calls.events(call.id, org: server.orgID).contains { $0.kind == "agent_audio_played" && $0.detail["mark"] == "agent-1" },
                    "the echoed mark is in the call's events")
            // The recording is encrypted at rest and decrypts to the stereo conversation.
            #expect(call.recordingState == .available)
            let key = try #require(try await calls.recordingKey(call.id, org: server.orgID))
            var bytes: [UInt8] = []
            try EncryptedBlobWriter.read(store: blobs, name: RecordingWriter.blobName(org: server.orgID, call: call.id), key: key) { bytes += $0 }
            #expect(Int64(bytes.count) == call.recordingBytes)
            let seconds = Double(bytes.count) / 4 / 8_000
            #expect(seconds > 8 && seconds < 20, "recording of \(seconds) s")
        }
    }

    @Test func outboundStreamsOpenWithTheAIDisclosureAndInboundOnesDoNot() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs, allowUnsignedStreams: true)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            let calls = CallRepository(database: server.database, keyring: server.environment.keyring, clock: server.clock)
            func firstAgentLine(direction: String, callSid: String) async throws -> String? {
                let script = TwilioStreamSimulator.Script(
                    caller: MediaTestSupport.silence(1), customParameters: ["agent": "demo", "direction": direction],
                    tailMilliseconds: 2_000, callSid: callSid)
                _ = try await TwilioStreamSimulator(url: url(client), logger: MediaTestSupport.logger).run(script)
                let call = try #require(try await calls.list(org: server.orgID, page: PageRequest()).items.first { $0.externalID == callSid })
                #expect(call.direction.rawValue == direction)
                return try await calls.transcript(call.id, org: server.orgID).first { $0.speaker == .agent }?.text
            }
            let outbound = try await firstAgentLine(direction: "outbound", callSid: "CA" + String(repeating: "5", count: 32))
            #expect(outbound?.hasPrefix("Hi, this is Ava, an AI assistant calling for Parley Dental. ") == true, "\(outbound ?? "")")
            let inbound = try await firstAgentLine(direction: "inbound", callSid: "CA" + String(repeating: "6", count: 32))
            #expect(inbound != nil)
            #expect(inbound?.contains("AI assistant calling") == false, "\(inbound ?? "")")
        }
    }

    @Test func aRealInterruptionClearsTwiliosQueue() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "what are your opening hours"),
                                     blobs: blobs, allowUnsignedStreams: true)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            // The caller talks over the greeting.
            let line = try await MediaTestSupport.callerLine("What are your opening hours?")
            let script = TwilioStreamSimulator.Script(
                caller: MediaTestSupport.silence(0.6) + line, customParameters: ["agent": "demo"], tailMilliseconds: 2_000)
            let result = try await TwilioStreamSimulator(url: url(client), logger: MediaTestSupport.logger).run(script)
            let clear = try #require(result.clears.first, "a committed barge-in sends clear")
            // Latency is measured by `parley bench media`; here only the order matters.
            #expect(clear > 600, "clear at \(clear) ms, after the caller started talking")
            let calls = CallRepository(database: server.database, keyring: server.environment.keyring, clock: server.clock)
            let call = try #require(try await calls.list(org: server.orgID, page: PageRequest()).items.first)
            let events = try await calls.events(call.id, org: server.orgID)
            #expect(events.contains { $0.kind == "barge_in" })
            #expect(try await calls.transcript(call.id, org: server.orgID).contains { $0.speaker == .agent && $0.interrupted })
        }
    }

    @Test func streamsWithoutATokenAreRefusedUnlessTheDevFlagIsOn() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs, allowUnsignedStreams: false)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            let script = TwilioStreamSimulator.Script(caller: MediaTestSupport.silence(1), customParameters: ["agent": "demo"], tailMilliseconds: 0,
                                                      realTime: false)
            let result = try await TwilioStreamSimulator(url: url(client), logger: MediaTestSupport.logger).run(script)
            #expect(result.agentAudio.isEmpty)
            #expect(try await CallRepository(database: server.database, keyring: server.environment.keyring, clock: server.clock)
                .list(org: server.orgID, page: PageRequest()).items.isEmpty)
        }
    }

    @Test func signedStreamsNeedAValidTokenAndSignatureOnce() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs, allowUnsignedStreams: false)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            let authToken = "twilio-auth-token-0123456789abcdef"
            try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: authToken)
            let media = try #require(server.media)
            let demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            let callSid = "CA" + String(repeating: "1", count: 32)
            let token = try media.streamToken(callSid: callSid, org: server.orgID, agentID: demo.id)
            let signature = TwilioSignature(authToken: authToken).signature(url: "ws://127.0.0.1:8080/v1/media/twilio")
            func attempt(token: String, signature: String, callSid: String = callSid) async throws -> Int {
                let script = TwilioStreamSimulator.Script(
                    caller: MediaTestSupport.silence(0.6), customParameters: ["token": token], headers: ["X-Twilio-Signature": signature],
                    tailMilliseconds: 0, realTime: true, callSid: callSid)
                return try await TwilioStreamSimulator(url: url(client), logger: MediaTestSupport.logger).run(script).agentAudio.count
            }
            let forged = TwilioSignature(authToken: "not-the-token").signature(url: "ws://127.0.0.1:8080/v1/media/twilio")
            #expect(try await attempt(token: token, signature: forged) == 0, "forged signature")
            let other = try await server.makeTenant(role: .owner)
            let otherAgent = try await server.environment.agents.create(
                org: other.orgID, name: "theirs", configuration: demo.configuration)
            let foreign = try media.streamToken(callSid: callSid, org: server.orgID, agentID: otherAgent.id)
            #expect(try await attempt(token: foreign, signature: signature) == 0, "another org's agent")
            #expect(try await attempt(token: token + "x", signature: signature) == 0, "tampered token")
            let fresh = try media.streamToken(callSid: callSid, org: server.orgID, agentID: demo.id)
            #expect(try await attempt(token: fresh, signature: signature, callSid: "CA" + String(repeating: "2", count: 32)) == 0, "other call")
            let valid = try media.streamToken(callSid: callSid, org: server.orgID, agentID: demo.id)
            #expect(try await attempt(token: valid, signature: signature) > 0, "valid token and signature")
            #expect(try await attempt(token: valid, signature: signature) == 0, "replayed token")
            server.clock.advance(seconds: 120)
            let expired = try media.streamToken(callSid: callSid, org: server.orgID, agentID: demo.id)
            server.clock.advance(seconds: 120)
            #expect(try await attempt(token: expired, signature: signature) == 0, "expired token")
        }
    }
}
