import Foundation
import Logging
import ParleyStorage
import ParleyTesting
import Testing

/// Runs a scenario with every log line captured at trace level and checks no secret appears
/// in the logs or in any response after the one that created it.
@Suite struct SecretLeakTests {
    @Test(arguments: TestDatabase.flavors)
    func secretsNeverReachLogsOrLaterResponses(_ flavor: DatabaseFlavor) async throws {
        let capture = LogCapture()
        let secrets = try await TestServer.run(flavor, logger: capture.logger()) { server, client in
            var secrets = [server.adminKey, server.ownerPassword]
            let password = "s3cret-Passw0rd-xyz"
            secrets.append(password)
            let user = try await client.call(.post, "/v1/users", key: server.adminKey, json: #"{"email":"leak@example.com","password":"\#(password)"}"#)
            #expect(user.status == 201)
            let key = try await client.call(.post, "/v1/api-keys", key: server.adminKey, json: #"{"name":"leak"}"#)
            secrets.append(try #require(key.json["secret"] as? String))
            let inv = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email":"inv@example.com","role":"viewer"}"#)
            secrets.append(try #require(inv.json["token"] as? String))
            var later = ""
            for path in ["/v1/users", "/v1/api-keys", "/v1/invitations", "/v1/me", "/v1/memberships"] {
                later += try await client.call(.get, path, key: server.adminKey).body
            }
            for s in secrets { #expect(!later.contains(s), "a secret reappeared in a later response") }
            return secrets
        }
        let logs = capture.text
        #expect(logs.count > 0)
        for s in secrets where !s.isEmpty {
            #expect(!logs.contains(s), "a secret (\(s.prefix(4))…) appeared in the logs")
        }
    }
}
