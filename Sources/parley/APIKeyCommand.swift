import ArgumentParser
import ParleyCore
import ParleyIdentity

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an API key and print its secret once.")

        @OptionGroup var options: GlobalOptions
        @Option(help: "A name to recognise the key by.") var name: String = "CLI key"
        @Option(help: "owner, admin, manager, member, viewer or auditor.") var role: String = "admin"
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Flag(help: "Print only the secret (for scripts).") var quiet = false

        func run() async throws {
            let role = try AdminContext.role(role)
            let name = self.name
            let (key, secret) = try await AdminContext.run(options, org: org) { db, orgID, _, _ in
                try await APIKeyRepository(database: db, clock: SystemWallClock()).create(org: orgID, name: name, role: role, createdBy: nil)
            }
            if quiet {
                print(secret)
            } else {
                print("created API key \(key.id) (\(role.rawValue)) in \(key.orgID)")
                print("secret (shown once): \(secret)")
            }
        }
    }
}
