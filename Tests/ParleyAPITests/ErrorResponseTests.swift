import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct ErrorResponseTests {
    @Test func malformedJSONSaysWhere() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let r = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: "{\"name\": \"x\",\n  \"oops\" 1}")
            #expect(r.status == 400)
            #expect(r.errorCode == "malformed_json")
            let message = try #require(r.errorMessage)
            #expect(message.contains("line 2"), "\(message)")
            #expect(message.contains("column 10"), "\(message)")
        }
    }

    @Test func wrongTypesNameTheField() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let r = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email": 5, "role": "viewer"}"#)
            #expect(r.status == 400)
            #expect(r.errorField == "email")
            let missing = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"role": "viewer"}"#)
            #expect(missing.status == 400)
            #expect(missing.errorField == "email")
            let badRole = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email": "a@b.co", "role": "emperor"}"#)
            #expect(badRole.status == 400)
            #expect(badRole.errorField == "role")
            let notObject = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: "[1,2]")
            #expect(notObject.status == 400)
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        try await TestServer.run(.sqlite, maxBodyBytes: 2048) { server, client in
            let big = #"{"name":""# + String(repeating: "a", count: 5000) + #""}"#
            let r = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: big)
            #expect(r.status == 413)
            #expect(r.errorCode == "payload_too_large")
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let r = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"x"}"#, headers: ["Content-Type": "text/plain"])
            #expect(r.status == 415)
            #expect(r.errorCode == "unsupported_media_type")
        }
    }

    @Test func unknownRoutesAndIdsAre404WithTheEnvelope() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let route = try await client.call(.get, "/v1/nope", key: server.adminKey)
            #expect(route.status == 404)
            #expect(route.errorCode == "not_found")
            let id = try await client.call(.get, "/v1/users/usr_doesnotexist", key: server.adminKey)
            #expect(id.status == 404)
            #expect(id.headers[.init("X-Request-Id")!] != nil)
        }
    }

    @Test func badPaginationParametersAre400() async throws {
        try await TestServer.run(.sqlite) { server, client in
            for q in ["limit=0", "limit=201", "limit=abc", "starting_after="] {
                let r = try await client.call(.get, "/v1/users?\(q)", key: server.adminKey)
                #expect(r.status == 400, "\(q)")
            }
        }
    }

    @Test func malformedAuthorizationHeadersAre401() async throws {
        try await TestServer.run(.sqlite) { _, client in
            for header in ["Basic abc", "Bearer", "Bearer pk_wrong", "Bearer " + String(repeating: "x", count: 500)] {
                let r = try await client.call(.get, "/v1/me", headers: ["Authorization": header])
                #expect(r.status == 401, "\(header.prefix(20))")
            }
        }
    }
}
