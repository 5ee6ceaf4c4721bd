import Foundation
import ParleyAudit
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct AuditTrailTests {
    @Test(arguments: TestDatabase.flavors)
    func parallelRequestsLeaveAGapFreeVerifiableTrail(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<100 {
                    group.addTask { try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"Client \#(i)"}"#).status }
                }
                for try await status in group { #expect(status == 201) }
            }
            _ = try await client.call(.get, "/v1/secrets", key: server.adminKey)  // a sensitive read
            _ = try await client.call(.get, "/v1/me", key: "pk_not_a_key")         // refused authentication
            while try await server.environment.audit.link() > 0 {}
            let seqs = try await server.database.read { db in
                try await db.raw("SELECT seq FROM audit_entries WHERE chain = \(bind: server.orgID) ORDER BY seq").all()
                    .map { try $0.decode(column: "seq", as: Int.self) }
            }
            #expect(seqs == Array(1...101), "100 writes + 1 sensitive read, gap-free")
            #expect(try await AuditVerifier(log: server.environment.audit, checkpoints: nil).verify().ok)
            let page = try await client.call(.get, "/v1/audit-entries?limit=5&action=GET", key: server.adminKey)
            #expect(page.status == 200)
            let first = try #require((page.json["data"] as? [[String: Any]])?.first)
            #expect(first["action"] as? String == "GET /v1/secrets")
            #expect((first["client_ip"] as? String)?.isEmpty == false)
            let system = try await server.database.read { db in
                try await db.raw("SELECT action FROM audit_entries WHERE chain = 'system'").all().map { try $0.decode(column: "action", as: String.self) }
            }
            #expect(system.contains { $0.hasPrefix("auth.refused") })
            #expect(system.contains("setup.default_org_and_owner"))
        }
    }

    @Test func refusedAuthenticationIsAuditedUntilTheLockOutThenOnce() async throws {
        try await TestServer.run(.sqlite) { server, client in
            var statuses: [Int] = []
            for _ in 0..<45 { statuses.append(try await client.call(.get, "/v1/me", key: "pk_guess").status) }
            #expect(statuses.prefix(30).allSatisfy { $0 == 401 } && statuses.dropFirst(30).allSatisfy { $0 == 429 }, "\(statuses)")
            while try await server.environment.audit.link() > 0 {}
            let actions = try await server.database.read { db in
                try await db.raw("SELECT action, outcome FROM audit_entries WHERE chain = 'system' ORDER BY seq").all()
                    .map { "\(try $0.decode(column: "action", as: String.self)) \(try $0.decode(column: "outcome", as: String.self))" }
            }
            #expect(actions.filter { $0 == "auth.refused GET /v1/me denied:401" }.count == 30)
            #expect(actions.filter { $0.hasPrefix("auth.locked_out") } == ["auth.locked_out GET /v1/me locked:429"], "one entry for the 15 attempts after it")
            // A valid key from the same address still works.
            #expect(try await client.call(.get, "/v1/me", key: server.adminKey).status == 200)
        }
    }
}
