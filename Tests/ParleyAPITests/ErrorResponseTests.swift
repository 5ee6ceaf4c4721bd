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

@Suite struct MethodAndInvitationAPITests {
    @Test func knownPathsAnswer405WithAllow() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let r = try await client.call(.put, "/v1/users", key: server.adminKey, json: "{}")
            #expect(r.status == 405)
            #expect(r.headers[.allow] == "GET, POST")
            let accept = try await client.call(.get, "/v1/invitations/accept")
            #expect(accept.status == 405)
            #expect(accept.headers[.allow] == "POST", "a literal segment beats {id}")
            let item = try await client.call(.put, "/v1/invitations/inv_x", key: server.adminKey, json: "{}")
            #expect(item.headers[.allow] == "DELETE, GET")
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func acceptingAnInvitationByAPI(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let inv = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email":"new@example.com","role":"viewer"}"#)
            let token = try #require(inv.json["token"] as? String)
            #expect((inv.json["accept_url"] as? String)?.hasSuffix("/invite/" + token) == true)
            let accepted = try await client.call(.post, "/v1/invitations/accept", json: #"{"token":"\#(token)","name":"New","password":"a new password"}"#)
            #expect(accepted.status == 201)
            #expect(accepted.json["role"] as? String == "viewer")
            let again = try await client.call(.post, "/v1/invitations/accept", json: #"{"token":"\#(token)","password":"a new password"}"#)
            #expect(again.status == 409)
            let id = try #require(inv.json["id"] as? String)
            #expect(try await client.call(.delete, "/v1/invitations/\(id)", key: server.adminKey).status == 409, "accepted invitations can't be revoked")
            // An existing account must prove it is theirs.
            let second = try await client.call(.post, "/v1/invitations", key: server.adminKey, json: #"{"email":"new@example.com","role":"manager"}"#)
            let secondToken = try #require(second.json["token"] as? String)
            _ = try await server.environment.organizations.createChild(name: "Other", parent: server.orgID, ownerUserID: nil)
            let wrong = try await client.call(.post, "/v1/invitations/accept", json: #"{"token":"\#(secondToken)","password":"not my password"}"#)
            #expect(wrong.status == 403)
        }
    }
}
