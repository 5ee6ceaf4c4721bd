import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct PhoneNumberRoutesTests {
    @Test(arguments: TestDatabase.flavors)
    func numbersRouteToAgentsOfTheirOwnOrg(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let key = try await server.key(role: .manager)
            let created = try await client.call(.post, "/v1/phone-numbers", key: key, json: #"{"number":"+14155550100","agent":"demo","label":"Main"}"#)
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["agent_id"] as? String)?.hasPrefix("agt_") == true)
            #expect(created.json["voice_webhook_url"] as? String == "http://127.0.0.1:8080/v1/twilio/voice/\(id)")
            // E.164 only; a number belongs to one org; agents must exist in the caller's org.
            #expect(try await client.call(.post, "/v1/phone-numbers", key: key, json: #"{"number":"415-555-0100"}"#).status == 400)
            let other = try await server.makeTenant(role: .owner)
            #expect(try await client.call(.post, "/v1/phone-numbers", key: other.key, json: #"{"number":"+14155550100"}"#).status == 409)
            #expect(try await client.call(.post, "/v1/phone-numbers", key: other.key, json: #"{"number":"+14155550101","agent":"demo"}"#).status == 404)
            #expect(try await client.call(.get, "/v1/phone-numbers/\(id)", key: other.key).status == 404)
            let unrouted = try await client.call(.patch, "/v1/phone-numbers/\(id)", key: key, json: #"{"agent":null}"#)
            #expect(unrouted.status == 200 && unrouted.json["agent_id"] == nil && unrouted.json["label"] as? String == "Main")
            let relabelled = try await client.call(.patch, "/v1/phone-numbers/\(id)", key: key, json: #"{"label":"Sales"}"#)
            #expect(relabelled.json["label"] as? String == "Sales" && relabelled.json["agent_id"] == nil)
            #expect(try await client.call(.delete, "/v1/phone-numbers/\(id)", key: server.key(role: .member)).status == 403)
            #expect(try await client.call(.delete, "/v1/phone-numbers/\(id)", key: key).status == 204)
            #expect(try await client.call(.get, "/v1/phone-numbers/\(id)", key: key).status == 404)
        }
    }
}
