import Foundation
import HummingbirdTesting
import ParleyCalls
import ParleyCore
import ParleyServer
import ParleyStorage
import ParleyTelephony
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct TwilioWebhookTests {
    static let authToken = "twilio-auth-token-0123456789abcdef"

    @Test func anInboundCallIsAnsweredWithASignedStreamThatRunsTheNumbersAgent() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "what are your opening hours"), blobs: blobs)
        let fake = FakeTwilio(authToken: Self.authToken, behaviour: .noAnswer)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            fake.parleyPort.withLock { $0 = client.port ?? 0 }
            try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: Self.authToken)
            let demo = try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID))
            let number = try await server.environment.numbers.create(org: server.orgID, number: "+14155550100", agentID: demo.id, label: "Main")
            let webhook = "http://127.0.0.1:8080/v1/twilio/voice/\(number.id)"
            let callSid = "CA" + String(repeating: "3", count: 32)
            let fields = ["CallSid": callSid, "AccountSid": fake.accountSid, "From": "+14155550177", "To": "+14155550100"]
            // A forged signature is refused and answers no TwiML.
            let forged = FakeTwilio(authToken: "someone-else", behaviour: .noAnswer)
            forged.parleyPort.withLock { $0 = client.port ?? 0 }
            await #expect(throws: FakeTwilioError.self) { try await forged.post(webhook, fields) }
            let twiml = try await fake.post(webhook, fields)
            #expect(twiml.contains("<Connect><Stream url=\"ws://127.0.0.1:8080/v1/media/twilio\">"))
            let parameters = FakeTwilio.parameters(in: twiml)
            #expect(parameters["from"] == "+14155550177" && parameters["token"] != nil)
            let script = TwilioStreamSimulator.Script(
                caller: MediaTestSupport.silence(1.5), customParameters: parameters,
                headers: ["X-Twilio-Signature": TwilioSignature(authToken: Self.authToken).signature(url: "ws://127.0.0.1:8080/v1/media/twilio")],
                tailMilliseconds: 0, callSid: callSid)
            let result = try await TwilioStreamSimulator(url: fake.localize("ws://127.0.0.1:8080/v1/media/twilio"),
                                                        logger: MediaTestSupport.logger).run(script)
            #expect(result.agentAudio.count > 4_000, "the greeting plays")
            let call = try #require(try await server.environment.calls.list(org: server.orgID, page: PageRequest()).items.first)
            #expect(call.direction == .inbound && call.from == "+14155550177" && call.to == "+14155550100" && call.externalID == callSid)
            #expect(call.agentID == demo.id)
        }
    }

    @Test func anOutboundCallIsPlacedAnsweredStreamedAndClosed() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "what are your opening hours"), blobs: blobs)
        let line = try await MediaTestSupport.callerLine("What are your opening hours?")
        let fake = FakeTwilio(authToken: Self.authToken, behaviour: .answer(caller: MediaTestSupport.silence(5) + line))
        try await fake.run { twilioURL in
            try await TestServer.run(.sqlite, media: settings, twilioBaseURL: twilioURL) { server, client in
                fake.parleyPort.withLock { $0 = client.port ?? 0 }
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: Self.authToken)
                let key = try await server.key(role: .manager)
                // Without the account SID (and a number) Parley says what is missing.
                let missing = try await client.call(.post, "/v1/calls", key: key, json: #"{"agent":"demo","to":"+14155550177"}"#)
                #expect(missing.status == 409)
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.account_sid", value: fake.accountSid)
                _ = try await server.environment.numbers.create(org: server.orgID, number: "+14155550100", agentID: nil, label: "Caller ID")
                let placed = try await client.call(.post, "/v1/calls", key: key, json: #"{"agent":"demo","to":"+1 415 555 0177"}"#)
                #expect(placed.status == 400, "to must be E.164")
                let created = try await client.call(.post, "/v1/calls", key: key, json: #"{"agent":"demo","to":"+14155550177"}"#)
                #expect(created.status == 201, "\(created.body)")
                #expect(created.json["status"] as? String == "queued")
                let id = try #require(created.json["id"] as? String)
                try await fake.callsFinished()
                let request = try #require(fake.placed.first)
                #expect(request.value("To") == "+14155550177" && request.value("From") == "+14155550100")
                #expect(request.value("MachineDetection") == "Enable" && request.value("Timeout") == "20")
                let stream = try #require(fake.streams.first)
                #expect(stream.agentAudio.count > 8_000, "the agent spoke on the answered call")
                let call = try #require(try await server.environment.calls.find(id, org: server.orgID))
                #expect(call.direction == .outbound && call.status == .completed && call.externalID == request.sid)
                let transcript = try await server.environment.calls.transcript(id, org: server.orgID)
                #expect(transcript.contains { $0.speaker == .caller && $0.text.contains("opening hours") })
                let opening = transcript.first { $0.speaker == .agent }?.text ?? ""
                #expect(opening.hasPrefix("Hi, this is Ava, an AI assistant calling for Parley Dental. "), "\(opening)")
            }
        }
    }

    @Test func theAgentsTransferRedirectsTheLiveCallToTheTarget() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "put me through to the front desk"), blobs: blobs)
        let line = try await MediaTestSupport.callerLine("Put me through to the front desk.")
        let fake = FakeTwilio(authToken: Self.authToken, behaviour: .answer(caller: MediaTestSupport.silence(5) + line))
        try await fake.run { twilioURL in
            try await TestServer.run(.sqlite, media: settings, twilioBaseURL: twilioURL) { server, client in
                fake.parleyPort.withLock { $0 = client.port ?? 0 }
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: Self.authToken)
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.account_sid", value: fake.accountSid)
                _ = try await server.environment.numbers.create(org: server.orgID, number: "+14155550100", agentID: nil, label: "")
                let created = try await client.call(.post, "/v1/calls", key: server.adminKey, json: #"{"agent":"demo","to":"+14155550177"}"#)
                let id = try #require(created.json["id"] as? String)
                try await fake.callsFinished()
                let placed = try #require(fake.placed.first)
                let update = try #require(fake.updates.first { $0.sid == placed.sid }, "Parley redirected the live call")
                #expect(update.value("Twiml")?.contains("<Dial><Sip>sip:frontdesk@parley-dental.example</Sip></Dial>") == true)
                let call = try #require(try await server.environment.calls.find(id, org: server.orgID))
                #expect(call.endReason == "transfer" && call.transferTarget == "sip:frontdesk@parley-dental.example")
            }
        }
    }

    @Test func anUnansweredOutboundCallEndsAsNoAnswer() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs)
        let fake = FakeTwilio(authToken: Self.authToken, behaviour: .noAnswer)
        try await fake.run { twilioURL in
            try await TestServer.run(.sqlite, media: settings, twilioBaseURL: twilioURL) { server, client in
                fake.parleyPort.withLock { $0 = client.port ?? 0 }
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: Self.authToken)
                try await server.environment.secrets.set(org: server.orgID, name: "twilio.account_sid", value: fake.accountSid)
                _ = try await server.environment.numbers.create(org: server.orgID, number: "+14155550100", agentID: nil, label: "")
                let created = try await client.call(.post, "/v1/calls", key: server.adminKey, json: #"{"agent":"demo","to":"+14155550177"}"#)
                let id = try #require(created.json["id"] as? String)
                try await fake.callsFinished()
                let call = try #require(try await server.environment.calls.find(id, org: server.orgID))
                #expect(call.status == .completed && call.endReason == "no-answer")
            }
        }
    }
}

extension TwilioWebhookTests {
    @Test func callsBeyondTheOrgLimitGetABusyAnswerAndTheirStreamsAreRefused() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let admission = CallAdmission(maxCalls: 10, maxCallsPerOrg: 1)
        let settings = MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hello"), blobs: blobs, allowUnsignedStreams: true,
                                     admission: admission)
        let fake = FakeTwilio(authToken: Self.authToken, behaviour: .noAnswer)
        try await TestServer.run(.sqlite, media: settings) { server, client in
            fake.parleyPort.withLock { $0 = client.port ?? 0 }
            try await server.environment.secrets.set(org: server.orgID, name: "twilio.auth_token", value: Self.authToken)
            let number = try await server.environment.numbers.create(org: server.orgID, number: "+14155550100", agentID:
                try #require(try await server.environment.agents.find(nameOrID: "demo", org: server.orgID)).id, label: "")
            #expect(admission.admit(org: server.orgID), "one call is live")
            let busy = try await fake.post("http://127.0.0.1:8080/v1/twilio/voice/\(number.id)",
                                           ["CallSid": "CA" + String(repeating: "4", count: 32), "AccountSid": fake.accountSid])
            #expect(busy.contains("<Reject reason=\"busy\"/>"), "\(busy)")
            let script = TwilioStreamSimulator.Script(caller: MediaTestSupport.silence(1), customParameters: ["agent": "demo"], tailMilliseconds: 0)
            let refused = try await TwilioStreamSimulator(url: fake.localize("ws://127.0.0.1:8080/v1/media/twilio"), logger: MediaTestSupport.logger).run(script)
            #expect(refused.agentAudio.isEmpty)
            admission.release(org: server.orgID)
            let admitted = try await TwilioStreamSimulator(url: fake.localize("ws://127.0.0.1:8080/v1/media/twilio"), logger: MediaTestSupport.logger).run(script)
            #expect(!admitted.agentAudio.isEmpty)
            #expect(admission.activeCalls == 0, "the finished call gave its slot back")
        }
    }
}
