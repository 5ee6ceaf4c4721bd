import ArgumentParser
import Foundation
import ParleyServer

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect configuration.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print the effective configuration (secrets masked) and where each value came from.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try options.resolve()
            let rows = config.describe()
            let width = rows.map(\.key.count).max() ?? 0
            for row in rows {
                print(row.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + row.value + "    (" + row.source + ")")
            }
        }
    }
}
