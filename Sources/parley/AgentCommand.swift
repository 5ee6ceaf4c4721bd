import ArgumentParser
import Foundation
import ParleyCalls
import ParleyCore
import ParleyStorage
import ParleyVoice

/// `parley agent list|show|create|update|delete`: stored agents of an organization.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Manage stored agents (also at /v1/agents and in the dashboard).",
        subcommands: [List.self, Show.self, Create.self, Update.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List agents: id, name, version.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Organization id (default: the default organization).") var org: String?

        func run() async throws {
            let agents = try await AdminContext.run(options, org: org) { db, orgID, _, _ in
                try await AgentCommand.all(AgentRepository(database: db, clock: SystemWallClock()), org: orgID)
            }
            for agent in agents { print("\(agent.id)  \(agent.name)  v\(agent.version)  \(agent.configuration.name)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print an agent's configuration JSON.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Option(help: "Show this version instead of the current one.") var version: Int?
        @Argument(help: "Agent name or id.") var agent: String

        func run() async throws {
            let (agent, version) = (self.agent, self.version)
            let found = try await AdminContext.run(options, org: org) { db, orgID, _, _ in
                let repository = AgentRepository(database: db, clock: SystemWallClock())
                let current = try await AgentCommand.require(repository, agent, org: orgID)
                guard let version, version != current.version else { return current }
                guard let old = try await repository.version(version, of: current.id, org: orgID) else {
                    throw ParleyError(.notFound, "agent \(agent) has no version \(version) (current: \(current.version))")
                }
                return old
            }
            print(try AgentCommand.prettyJSON(found.configuration))
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Store an agent from a configuration file.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Option(help: "The agent's handle (lowercase letters, digits, '-', '_').") var name: String
        @Option(help: "Agent configuration JSON (see docs/flows.md).") var file: String

        func run() async throws {
            let configuration = try AgentCommand.load(file)
            let name = self.name
            let agent = try await AdminContext.run(options, org: org) { db, orgID, config, _ in
                try await AgentRepository(database: db, clock: SystemWallClock(), targetPolicy: config.outboundPolicy)
                    .create(org: orgID, name: name, configuration: configuration)
            }
            print("created agent \(agent.id) '\(agent.name)' (version 1) in \(agent.orgID)")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update", abstract: "Replace an agent's configuration and/or rename it (a new version).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Option(help: "New configuration JSON file.") var file: String?
        @Option(help: "New handle.") var rename: String?
        @Argument(help: "Agent name or id.") var agent: String

        func validate() throws {
            if file == nil && rename == nil { throw ValidationError("give --file and/or --rename") }
        }

        func run() async throws {
            let configuration = try file.map(AgentCommand.load)
            let (agent, rename) = (self.agent, self.rename)
            let updated = try await AdminContext.run(options, org: org) { db, orgID, config, _ in
                let repository = AgentRepository(database: db, clock: SystemWallClock(), targetPolicy: config.outboundPolicy)
                let current = try await AgentCommand.require(repository, agent, org: orgID)
                guard let updated = try await repository.update(current.id, org: orgID, name: rename, configuration: configuration) else {
                    throw ParleyError(.notFound, "agent \(agent) was deleted meanwhile")
                }
                return updated
            }
            print("updated agent \(updated.id) '\(updated.name)' to version \(updated.version)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an agent (call records keep its versions).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Argument(help: "Agent name or id.") var agent: String

        func run() async throws {
            let agent = self.agent
            let deleted = try await AdminContext.run(options, org: org) { db, orgID, _, _ in
                let repository = AgentRepository(database: db, clock: SystemWallClock())
                let current = try await AgentCommand.require(repository, agent, org: orgID)
                _ = try await repository.delete(current.id, org: orgID)
                return current
            }
            print("deleted agent \(deleted.id) '\(deleted.name)'")
        }
    }

    static func all(_ repository: AgentRepository, org: String) async throws -> [StoredAgent] {
        var result: [StoredAgent] = []
        var page = PageRequest(limit: PageRequest.maxLimit)
        while true {
            let batch = try await repository.list(org: org, page: page)
            result += batch.items
            guard let next = batch.nextCursor else { return result }
            page.after = next
        }
    }

    /// The agent by name or id, or an error that lists the org's agents.
    static func require(_ repository: AgentRepository, _ nameOrID: String, org: String) async throws -> StoredAgent {
        if let agent = try await repository.find(nameOrID: nameOrID, org: org) { return agent }
        let names = try await all(repository, org: org).map(\.name)
        throw ParleyError(.notFound, "no agent '\(nameOrID)' in \(org); agents: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
    }

    /// Reads and validates an agent file, naming the file in errors.
    static func load(_ path: String) throws -> AgentConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(ParleyError(.badRequest, "cannot read agent file \(path)"))
        }
        do {
            return try AgentConfiguration.load(json: String(decoding: data, as: UTF8.self))
        } catch {
            throw fail(ParleyError(.validationFailed, "\(path): \(error.description)"))
        }
    }

    static func prettyJSON(_ configuration: AgentConfiguration) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(configuration), as: UTF8.self)
    }
}
