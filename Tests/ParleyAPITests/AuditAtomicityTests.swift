import Foundation
import ParleyAudit
import ParleyStorage
import ParleyTesting
import Testing

/// A mutating request's audit event commits in the same transaction as its change; requests
/// that change nothing are recorded with their status; dashboard posts name the signed-in user.
@Suite struct AuditAtomicityTests {
    static let agent = #"{"name":"support","configuration":{"name":"Max","brain":{"type":"flow","flow":{"start":"e","nodes":[{"id":"e","type":"end","message":"Bye"}]}}}}"#

    /// Every linked entry of a chain as "action outcome actor".
    static func entries(_ server: TestServer, chain: String) async throws -> [String] {
        while try await server.environment.audit.link() > 0 {}
        return try await server.database.read { db in
            try await db.raw("SELECT action, outcome, actor FROM audit_entries WHERE chain = \(bind: chain) ORDER BY seq").all().map {
                "\(try $0.decode(column: "action", as: String.self)) \(try $0.decode(column: "outcome", as: String.self)) \(try $0.decode(column: "actor", as: String.self))"
            }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func aChangeAndItsAuditEntryCommitTogether(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            #expect(try await client.call(.post, "/v1/agents", key: server.adminKey, json: Self.agent).status == 201)
            #expect(try await client.call(.post, "/v1/agents", key: server.adminKey, json: "{").status == 400)
            let entries = try await Self.entries(server, chain: server.orgID)
            #expect(entries.contains { $0.hasPrefix("POST /v1/agents success:committed key_") }, "\(entries)")
            #expect(entries.contains { $0.hasPrefix("POST /v1/agents failed:400 key_") }, "a request that changed nothing is recorded with its status")

            // When the audit event cannot be written, the change it records is rolled back with it.
            try await server.database.transaction { db in try await db.raw("ALTER TABLE audit_outbox RENAME TO audit_outbox_away").run() }
            let refused = try await client.call(.post, "/v1/agents", key: server.adminKey, json: Self.agent.replacingOccurrences(of: "support", with: "unaudited"))
            try await server.database.transaction { db in try await db.raw("ALTER TABLE audit_outbox_away RENAME TO audit_outbox").run() }
            #expect(refused.status >= 500)
            let names = try await client.call(.get, "/v1/agents", key: server.adminKey).json["data"] as? [[String: Any]] ?? []
            #expect(names.contains { $0["name"] as? String == "support" })
            #expect(!names.contains { $0["name"] as? String == "unaudited" }, "no agent without its audit entry")
            #expect(try await AuditVerifier(log: server.environment.audit, checkpoints: nil).verify().ok)
        }
    }

    @Test func dashboardPostsAreAuditedUnderTheSignedInUser() async throws {
        try await TestServer.run(.sqlite) { server, client in
            var browser = Browser(client: client)
            #expect(try await browser.logIn(server.ownerEmail, server.ownerPassword).status == 303)
            let settings = try await browser.get("/settings")
            #expect(try await browser.post("/account/password", ["_csrf": settings.csrf ?? "", "new": "my own password 1"]).status == 303)
            let keys = try await browser.get("/api-keys")
            #expect(try await browser.post("/api-keys", ["_csrf": keys.csrf ?? "", "name": "Dash key", "role": "viewer"]).status == 200)
            let bad = try await browser.post("/api-keys", ["_csrf": "forged", "name": "Forged", "role": "viewer"])
            #expect(bad.status == 403)
            let entries = try await Self.entries(server, chain: server.orgID)
            #expect(entries.contains { $0.hasPrefix("POST /login success:committed usr_") }, "\(entries)")
            #expect(entries.contains { $0.hasPrefix("POST /account/password success:committed usr_") })
            #expect(entries.contains { $0.hasPrefix("POST /api-keys success:committed usr_") })
            #expect(entries.contains { $0.hasPrefix("POST /api-keys denied:403 usr_") }, "a forged form post is recorded as refused")
        }
    }

    @Test func groupCommitWritesEveryEventOfABurst() async throws {
        try await TestServer.run(.sqlite) { server, _ in
            let writer = AuditWriter(log: server.environment.audit, maxBatch: 7)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<200 {
                    group.addTask {
                        try await writer.record(AuditEvent(orgID: "org_burst", actor: "key_\(i)", action: "GET /v1/secrets", outcome: "success:200", atMicros: Int64(i)))
                    }
                }
                try await group.waitForAll()
            }
            let actors = try await Self.entries(server, chain: "org_burst").map { $0.split(separator: " ").last.map(String.init) ?? "" }
            #expect(Set(actors) == Set((0..<200).map { "key_\($0)" }))
            #expect(actors.count == 200, "each event exactly once")
        }
    }
}
