import Foundation
import ParleyCore
import ParleyStorage
import ParleyVoice
import SQLKit

/// Stored agents, per org, with every version kept in `agent_versions`.
public struct AgentRepository: Sendable {
    let database: Database
    let clock: any WallClock
    /// Tool URLs naming `localhost` or a literal address this policy refuses are invalid.
    let targetPolicy: OutboundAddressPolicy

    public init(database: Database, clock: any WallClock, targetPolicy: OutboundAddressPolicy = .strict) {
        self.database = database
        self.clock = clock
        self.targetPolicy = targetPolicy
    }

    static let columns = "id, org_id, name, version, configuration, created_at, updated_at"

    static func decode(_ row: any SQLRow) throws -> StoredAgent {
        let json = try row.decode(column: "configuration", as: String.self)
        let configuration: AgentConfiguration
        do {
            configuration = try JSONDecoder().decode(AgentConfiguration.self, from: Data(json.utf8))
        } catch {
            throw ParleyError(.storage, "stored agent configuration cannot be read: \(error)")
        }
        return StoredAgent(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            name: try row.decode(column: "name", as: String.self), version: try row.decode(column: "version", as: Int.self),
            configuration: configuration, createdAt: Int64(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: Int64(try row.decode(column: "updated_at", as: Int.self)))
    }

    static func encode(_ configuration: AgentConfiguration) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(configuration), as: UTF8.self)
    }

    /// Validates the configuration, reporting every problem with its field path.
    func check(_ configuration: AgentConfiguration) throws(ParleyError) {
        let problems = configuration.validationProblems() + configuration.toolTargetProblems(targetPolicy)
            + configuration.providerTargetProblems(targetPolicy)
        guard let first = problems.first else { return }
        let all = problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        throw ParleyError.validation("agent configuration is invalid: \(all)", field: "configuration." + first.field)
    }

    public func create(org: String, name: String, configuration: AgentConfiguration) async throws -> StoredAgent {
        try AgentHandle.validate(name)
        try check(configuration)
        let now = clock.nowMicros()
        let agent = StoredAgent(id: ResourceID.make(AgentHandle.idPrefix, timeMicros: now), orgID: org, name: name, version: 1,
                                configuration: configuration, createdAt: now, updatedAt: now)
        let json = try Self.encode(configuration)
        try await database.transaction(org: org) { db in
            if try await db.raw("SELECT id FROM agents WHERE org_id = \(bind: org) AND name = \(bind: name)").first() != nil {
                throw ParleyError(.conflict, "an agent named '\(name)' already exists", field: "name")
            }
            try await db.raw("""
                INSERT INTO agents (id, org_id, name, version, configuration, created_at, updated_at)
                VALUES (\(bind: agent.id), \(bind: org), \(bind: name), 1, \(bind: json), \(bind: now), \(bind: now))
                """).run()
            try await Self.insertVersion(agent, json: json, db: db)
        }
        return agent
    }

    static func insertVersion(_ agent: StoredAgent, json: String, db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO agent_versions (agent_id, version, org_id, name, configuration, created_at)
            VALUES (\(bind: agent.id), \(bind: agent.version), \(bind: agent.orgID), \(bind: agent.name), \(bind: json), \(bind: agent.updatedAt))
            """).run()
    }

    public func find(_ id: String, org: String) async throws -> StoredAgent? {
        try await database.read(org: org) { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM agents WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    /// By id (`agt_…`) or by name, within the org.
    public func find(nameOrID: String, org: String) async throws -> StoredAgent? {
        if ResourceID.isValid(nameOrID, prefix: AgentHandle.idPrefix) { return try await find(nameOrID, org: org) }
        return try await database.read(org: org) { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM agents WHERE name = \(bind: nameOrID) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    /// One version of an agent as it was when a call ran (also after later edits or deletion).
    public func version(_ version: Int, of id: String, org: String) async throws -> StoredAgent? {
        try await database.read(org: org) { db in
            try await db.raw("""
                SELECT agent_id AS id, org_id, name, version, configuration, created_at, created_at AS updated_at
                FROM agent_versions WHERE agent_id = \(bind: id) AND version = \(bind: version) AND org_id = \(bind: org)
                """).first().map(Self.decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<StoredAgent> {
        let rows = try await database.read(org: org) { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM agents WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decode), limit: page.limit, id: \.id)
    }

    /// Renames and/or reconfigures an agent; every change makes a new version.
    /// `expectedVersion`, when given, must match (optimistic concurrency for editors).
    public func update(_ id: String, org: String, name: String?, configuration: AgentConfiguration?,
                       expectedVersion: Int? = nil) async throws -> StoredAgent? {
        if let name { try AgentHandle.validate(name) }
        if let configuration { try check(configuration) }
        let now = clock.nowMicros()
        return try await database.transaction(org: org) { db in
            guard var agent = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM agents WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode) else { return nil }
            if let expectedVersion, expectedVersion != agent.version {
                throw ParleyError(.conflict, "agent is at version \(agent.version), not \(expectedVersion); reload and try again", field: "version")
            }
            if let name, name != agent.name {
                if try await db.raw("SELECT id FROM agents WHERE org_id = \(bind: org) AND name = \(bind: name)").first() != nil {
                    throw ParleyError(.conflict, "an agent named '\(name)' already exists", field: "name")
                }
                agent.name = name
            }
            if let configuration { agent.configuration = configuration }
            agent.version += 1
            agent.updatedAt = now
            let json = try Self.encode(agent.configuration)
            try await db.raw("""
                UPDATE agents SET name = \(bind: agent.name), version = \(bind: agent.version), configuration = \(bind: json),
                    updated_at = \(bind: now) WHERE id = \(bind: id) AND org_id = \(bind: org)
                """).run()
            try await Self.insertVersion(agent, json: json, db: db)
            return agent
        }
    }

    /// Deletes the agent; its versions stay for the call records that ran them.
    public func delete(_ id: String, org: String) async throws -> Bool {
        try await database.transaction(org: org) { db in
            guard try await db.raw("SELECT id FROM agents WHERE id = \(bind: id) AND org_id = \(bind: org)").first() != nil else {
                return false
            }
            try await db.raw("DELETE FROM agents WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
            return true
        }
    }

    /// Stores the built-in agents (`demo`) in `org` under their own names, skipping any
    /// name already taken. Returns the names stored.
    @discardableResult
    public func installBuiltIns(org: String) async throws -> [String] {
        var stored: [String] = []
        for name in AgentConfiguration.builtInNames {
            let configuration = try AgentConfiguration.builtIn(named: name)
            if try await find(nameOrID: name, org: org) != nil { continue }
            _ = try await create(org: org, name: name, configuration: configuration)
            stored.append(name)
        }
        return stored
    }
}
