import ArgumentParser
import ParleyCore

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Privacy-first AI voice calls: voice agents, campaigns, call tracking and insight in one binary.",
        version: ParleyVersion.string,
        subcommands: [ServeCommand.self, CallCommand.self, DialCommand.self, AgentCommand.self, MigrateCommand.self, ConfigCommand.self, UserCommand.self, APIKeyCommand.self, KeysCommand.self, AuditCommand.self, OpenAPICommand.self, BenchCommand.self])
}
