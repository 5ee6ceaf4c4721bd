import ArgumentParser
import Foundation
import Logging
import ParleyAPI
import ParleyCore
import ParleyKeyring
import ParleyServer
import ParleyStorage

struct OpenAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document (same as GET /openapi.json).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        var config = try options.resolve()
        // The document does not depend on data: build it against a throwaway in-memory setup.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-openapi-\(SecureToken.random(bytes: 6))").path
        config.databaseURL = .sqlite(path: dir + "/parley.sqlite")
        config.masterKey = MasterKeyFormat.generate().1
        let logger = Logger(label: "parley")
        let db = try await ParleyServer.openDatabase(config, logger: logger)
        let frozen = config
        let doc = try await db.withRunning {
            let keyring = try await ParleyServer.prepare(db, config: frozen, clock: SystemWallClock(), logger: logger, output: { _ in })
            return ParleyHTTP(environment: try await ParleyServer.environment(frozen, database: db, keyring: keyring, clock: SystemWallClock(), logger: logger))
                .openAPIDocument()
        }
        try? FileManager.default.removeItem(atPath: dir)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(doc), as: UTF8.self))
    }
}
