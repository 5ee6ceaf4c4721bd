import Foundation
import ParleyAPI
import ParleyCore
import ParleyIdentity
import ParleyStorage
import ParleyTesting
import Testing

/// Generated from the route table: every authenticated route × another tenant's key, and × each role.
@Suite struct RouteSecurityTests {
    @Test(arguments: TestDatabase.flavors)
    func everyRouteHasAFixture(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, _ in
            let fixtures = RouteFixtures(server: server)
            for route in server.http.routes() where route.permission != nil {
                let request = try await fixtures.request(for: route)
                #expect(request != nil, "route \(route.method) \(route.path) (\(route.operationID)) has no fixture in RouteFixtures")
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func anotherTenantsKeySeesNothingAndChangesNothing(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let fixtures = RouteFixtures(server: server)
            let other = try await server.makeTenant(role: .owner)
            for route in server.http.routes() where route.permission != nil {
                guard let request = try await fixtures.request(for: route) else { continue }
                let before = try await fixtures.snapshot()
                let result = try await client.call(route.method, request.path, key: other.key, json: request.body)
                if route.method == .put {
                    // Create-or-replace by name acts in the caller's own org; what matters is that A is unchanged (below).
                    #expect(!result.body.contains(server.orgID))
                } else if !route.pathParameters.isEmpty {
                    #expect(result.status == 404, "\(route.method) \(route.path) with another org's key gave \(result.status): \(result.body)")
                } else {
                    #expect(!result.body.contains(server.orgID), "\(route.method) \(route.path) leaked org A's id: \(result.body)")
                }
                let after = try await fixtures.snapshot()
                #expect(before == after, "\(route.method) \(route.path) with another org's key changed org A's data")
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func everyRoleGetsExactlyWhatTheMatrixAllows(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let fixtures = RouteFixtures(server: server)
            for role in Role.allCases {
                let key = try await server.key(role: role)
                for route in server.http.routes() {
                    guard let permission = route.permission, let request = try await fixtures.request(for: route) else { continue }
                    let result = try await client.call(route.method, request.path, key: key, json: request.body)
                    if PermissionMatrix.allows(role, permission) {
                        #expect(result.status != 403 && result.status != 401 && result.status < 500,
                                "\(role) should be allowed \(route.method) \(route.path): \(result.status) \(result.body)")
                    } else {
                        #expect(result.status == 403, "\(role) must be refused \(route.method) \(route.path): got \(result.status)")
                        #expect(result.errorCode == "forbidden")
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func unauthenticatedRequestsAreRefused(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let fixtures = RouteFixtures(server: server)
            for route in server.http.routes() where route.permission != nil {
                guard let request = try await fixtures.request(for: route) else { continue }
                let result = try await client.call(route.method, request.path, json: request.body)
                #expect(result.status == 401, "\(route.method) \(route.path) without a key gave \(result.status)")
                #expect(result.headers[.wwwAuthenticate] != nil)
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func revokedKeysStopWorkingAtOnce(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let created = try await client.call(.post, "/v1/api-keys", key: server.adminKey, json: #"{"name":"temp","role":"viewer"}"#)
            #expect(created.status == 201)
            let secret = try #require(created.json["secret"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(try await client.call(.get, "/v1/me", key: secret).status == 200)
            #expect(try await client.call(.delete, "/v1/api-keys/\(id)", key: server.adminKey).status == 200)
            let after = try await client.call(.get, "/v1/me", key: secret)
            #expect(after.status == 401)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func rolesCannotGrantMoreThanTheyHave(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let manager = try await server.key(role: .manager)
            let invite = try await client.call(.post, "/v1/invitations", key: manager, json: #"{"email":"x@example.com","role":"admin"}"#)
            #expect(invite.status == 403)
            #expect(invite.errorField == "role")
            let admin = server.adminKey
            let ownerKey = try await client.call(.post, "/v1/api-keys", key: admin, json: #"{"role":"owner"}"#)
            #expect(ownerKey.status == 403)
        }
    }
}
