import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyServer
import ParleyStorage
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct AgentRepositoryTests {
    static let minimal = #"{"name":"Max","brain":{"type":"flow","flow":{"start":"e","nodes":[{"id":"e","type":"end","message":"Bye"}]}}}"#

    static func with(_ flavor: DatabaseFlavor, _ body: @Sendable (AgentRepository, _ orgA: String, _ orgB: String) async throws -> Void) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: ParleyServer.migrations, clock: clock, logger: TestDatabase.logger).migrate(db)
            let a = try await TestOrgs.create(db, name: "A")
            let b = try await TestOrgs.create(db, name: "B")
            try await body(AgentRepository(database: db, clock: clock), a, b)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func createFindByNameOrIDAndIsolateOrgs(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { agents, orgA, orgB in
            let configuration = try AgentConfiguration.load(json: Self.minimal)
            let agent = try await agents.create(org: orgA, name: "support", configuration: configuration)
            #expect(agent.version == 1)
            #expect(ResourceID.isValid(agent.id, prefix: "agt"))
            #expect(try await agents.find(nameOrID: "support", org: orgA) == agent)
            #expect(try await agents.find(nameOrID: agent.id, org: orgA) == agent)
            // Another org sees nothing, by id or by name, and may use the same name.
            #expect(try await agents.find(nameOrID: agent.id, org: orgB) == nil)
            #expect(try await agents.find(nameOrID: "support", org: orgB) == nil)
            #expect(try await agents.update(agent.id, org: orgB, name: "x", configuration: nil) == nil)
            #expect(try await agents.delete(agent.id, org: orgB) == false)
            #expect(try await agents.version(1, of: agent.id, org: orgB) == nil)
            _ = try await agents.create(org: orgB, name: "support", configuration: configuration)
            #expect(try await agents.list(org: orgA, page: PageRequest()).items.map(\.id) == [agent.id])
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func everyChangeIsANewVersionAndOldVersionsStay(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { agents, org, _ in
            var configuration = try AgentConfiguration.load(json: Self.minimal)
            let agent = try await agents.create(org: org, name: "support", configuration: configuration)
            configuration.firstMessage = "Hello there"
            let second = try #require(try await agents.update(agent.id, org: org, name: "help-desk", configuration: configuration))
            #expect(second.version == 2 && second.name == "help-desk" && second.configuration.firstMessage == "Hello there")
            await #expect(throws: ParleyError.self) {
                _ = try await agents.update(agent.id, org: org, name: nil, configuration: configuration, expectedVersion: 1)
            }
            let first = try #require(try await agents.version(1, of: agent.id, org: org))
            #expect(first.name == "support" && first.configuration.firstMessage == nil)
            #expect(try await agents.delete(agent.id, org: org))
            #expect(try await agents.find(agent.id, org: org) == nil)
            // Calls keep the version they ran.
            #expect(try await agents.version(2, of: agent.id, org: org)?.configuration.firstMessage == "Hello there")
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func badNamesAndConfigurationsAreRefusedWithTheField(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { agents, org, _ in
            let good = try AgentConfiguration.load(json: Self.minimal)
            for name in ["", "Support", "-lead", "has space", String(repeating: "a", count: 65), "agt_01jd3k0000000000000000000a"] {
                let error = await #expect(throws: ParleyError.self) { _ = try await agents.create(org: org, name: name, configuration: good) }
                #expect(error?.field == "name", "name \(name)")
            }
            var bad = good
            bad.maxDurationSeconds = 0
            let error = await #expect(throws: ParleyError.self) { _ = try await agents.create(org: org, name: "ok", configuration: bad) }
            #expect(error?.code == .validationFailed)
            #expect(error?.field == "configuration.maxDurationSeconds")
            _ = try await agents.create(org: org, name: "ok", configuration: good)
            let duplicate = await #expect(throws: ParleyError.self) { _ = try await agents.create(org: org, name: "ok", configuration: good) }
            #expect(duplicate?.code == .conflict)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func builtInsInstallOnceAndRoundTrip(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { agents, org, _ in
            #expect(try await agents.installBuiltIns(org: org) == ["demo"])
            #expect(try await agents.installBuiltIns(org: org) == [])
            let demo = try #require(try await agents.find(nameOrID: "demo", org: org))
            #expect(demo.configuration == (try AgentConfiguration.builtIn(named: "demo")))
        }
    }
}
