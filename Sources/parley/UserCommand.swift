import ArgumentParser
import Foundation
import ParleyCore
import ParleyIdentity

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a user and add them to an organization.",
            discussion: "Without --password or --password-stdin a random password is generated and printed once.")

        @OptionGroup var options: GlobalOptions
        @Option(help: "Login email.") var email: String
        @Option(help: "Display name.") var name: String = ""
        @Option(help: "owner, admin, manager, member, viewer or auditor.") var role: String = "member"
        @Option(help: "Organization id (default: the default organization).") var org: String?
        @Option(help: "Password (visible in shell history; prefer --password-stdin).") var password: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let role = try AdminContext.role(role)
            var password = self.password
            if passwordStdin { password = readLine(strippingNewline: true) }
            let generated = password == nil
            let finalPassword = password ?? SecureToken.random(bytes: 12)
            let (email, name) = (self.email, self.name)
            let user = try await AdminContext.run(options, org: org) { db, orgID, config, keyring in
                let users = UserRepository(database: db, clock: SystemWallClock(), hasher: PasswordHasher(cost: UInt8(config.bcryptCost)),
                                           cipher: try await PersonalDataCipher.load(from: keyring))
                return (try await users.create(email: email, name: name, password: finalPassword, org: orgID, role: role), orgID)
            }
            print("created user \(user.0.id) <\(user.0.email)> as \(role.rawValue) in \(user.1)")
            if generated { print("password (shown once): \(finalPassword)") }
        }
    }
}
