@testable import ParleyServer
import Foundation
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyStorage
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct LiveCallHubTests {
    @Test func listenersGetUpdatesUntilTheCallEnds() async {
        let hub = LiveCallHub()
        let notLive = hub.subscribe("cal_x")
        var none = 0
        for await _ in notLive { none += 1 }
        #expect(none == 0, "a call that is not live finishes at once")
        hub.callStarted("cal_1")
        let updates = hub.subscribe("cal_1")
        let entry = TranscriptEntry(speaker: .caller, text: "hello", start: .zero, end: MediaTime(milliseconds: 400))
        hub.publish("cal_1", .transcript(entry))
        hub.publish("cal_2", .ended(reason: "other call"))
        hub.publish("cal_1", .ended(reason: "remote_hangup"))
        hub.callEnded("cal_1")
        var received: [CallUpdate] = []
        for await update in updates { received.append(update) }
        #expect(received == [.transcript(entry), .ended(reason: "remote_hangup")])
        #expect(!hub.isLive("cal_1"))
    }

    @Test func eventsAreServerSentEventFrames() {
        let frame = CallUpdateJSON.serverSentEvent(.transcript(TranscriptEntry(speaker: .agent, text: "Hi \"there\"", start: .zero, end: MediaTime(milliseconds: 900))))
        #expect(frame.hasPrefix("event: transcript\ndata: {") && frame.hasSuffix("}\n\n"))
        let data = try? JSONSerialization.jsonObject(with: Data(frame.split(separator: "\n")[1].dropFirst("data: ".count).utf8)) as? [String: Any]
        #expect(data?["text"] as? String == "Hi \"there\"" && data?["end_ms"] as? Int == 900)
    }

    @Test func theLiveRouteChecksTheOrgAndEndsForFinishedCalls() async throws {
        let (blobs, dir) = try MediaTestSupport.blobStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await TestServer.run(.sqlite, media: MediaSettings(providers: MediaTestSupport.stubProviders(hearing: "hi"), blobs: blobs)) { server, client in
            let (call, _) = try await server.environment.calls.start(org: server.orgID, CallStart(direction: .inbound, transport: "twilio"))
            try await server.environment.calls.finish(call.id, org: server.orgID, CallOutcome(endReason: "completed", endedAt: 1, durationMilliseconds: 1))
            let finished = try await client.call(.get, "/v1/calls/\(call.id)/live", key: server.key(role: .viewer))
            #expect(finished.status == 200)
            #expect(finished.body.contains("event: ended\ndata: {\"reason\":\"completed\"}"))
            let other = try await server.makeTenant(role: .owner)
            #expect(try await client.call(.get, "/v1/calls/\(call.id)/live", key: other.key).status == 404)
            #expect(try await client.call(.get, "/v1/calls/\(call.id)/live").status == 401)
        }
    }
}
