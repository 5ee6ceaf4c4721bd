import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct SecretRoutesTests {
    @Test(arguments: TestDatabase.flavors)
    func secretsAreWriteOnlyAndEncryptedAtRest(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let value = "AC-super-secret-auth-token-9876"
            let put = try await client.call(.put, "/v1/secrets/twilio.auth_token", key: server.adminKey, json: #"{"value":"\#(value)"}"#)
            #expect(put.status == 200)
            #expect(put.json["hint"] as? String == "••••9876")
            #expect(!put.body.contains(value))
            let list = try await client.call(.get, "/v1/secrets", key: server.adminKey)
            #expect(list.body.contains("twilio.auth_token"))
            #expect(!list.body.contains(value))
            #expect(try await server.environment.secrets.reveal(org: server.orgID, name: "twilio.auth_token") == value)
            let stored = try await server.database.read { db in
                try await db.raw("SELECT ciphertext FROM org_secrets").all().map { try $0.decode(column: "ciphertext", as: String.self) }
            }
            #expect(stored.count == 1)
            #expect(!stored.joined().contains(value) && !stored.joined().contains("super-secret"))
            let other = try await server.makeTenant(role: .owner)
            #expect(try await client.call(.get, "/v1/secrets", key: other.key).body.contains("twilio") == false)
            #expect(try await client.call(.delete, "/v1/secrets/twilio.auth_token", key: other.key).status == 404)
            #expect(try await client.call(.put, "/v1/secrets/Bad%20Name", key: server.adminKey, json: #"{"value":"x"}"#).status == 400)
            #expect(try await client.call(.delete, "/v1/secrets/twilio.auth_token", key: server.adminKey).status == 204)
            #expect(try await server.environment.secrets.reveal(org: server.orgID, name: "twilio.auth_token") == nil)
        }
    }
}
