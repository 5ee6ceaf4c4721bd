import Foundation
import ParleyCore
import ParleyServer
import ParleyStorage
import Testing

@Suite struct ParleyConfigurationTests {
    /// Writes a config file into one shared temp folder (reused across runs).
    func file(_ json: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-config-tests")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("\(SecureToken.random(bytes: 6)).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsAreDocumentedValues() throws {
        let c = try ParleyConfiguration.resolve(flags: [:], environment: [:])
        #expect(c.host == "127.0.0.1" && c.port == 8080)
        #expect(c.dataDir.hasSuffix("/data"))
        #expect(c.databaseURL == .sqlite(path: c.dataDir + "/parley.sqlite"))
        #expect(c.publicURL == "http://127.0.0.1:8080")
        #expect(c.sources["port"] == "default")
    }

    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
        let path = try file(#"{"port": 7000, "host": "0.0.0.0", "log-level": "debug"}"#)
        let c = try ParleyConfiguration.resolve(
            flags: ["port": "9000"], environment: ["PARLEY_PORT": "8000", "PARLEY_HOST": "::1"], fileOverride: path)
        #expect(c.port == 9000)
        #expect(c.host == "::1")
        #expect(c.logLevel == .debug)
        #expect(c.sources["port"] == "flag --port")
        #expect(c.sources["host"] == "environment PARLEY_HOST")
        #expect(c.sources["log-level"]?.hasPrefix("file ") == true)
    }

    @Test func unknownKeysAndBadValuesNameTheKey() throws {
        let cases: [(() throws -> ParleyConfiguration, String)] = [
            ({ try ParleyConfiguration.resolve(flags: ["prot": "1"], environment: [:]) }, "prot"),
            ({ try ParleyConfiguration.resolve(flags: [:], environment: ["PARLEY_PROT": "1"]) }, "PARLEY_PROT"),
            ({ try ParleyConfiguration.resolve(flags: [:], environment: [:], fileOverride: try self.file(#"{"hots": "x"}"#)) }, "hots"),
            ({ try ParleyConfiguration.resolve(flags: ["port": "70000"], environment: [:]) }, "port"),
            ({ try ParleyConfiguration.resolve(flags: ["log-level": "loud"], environment: [:]) }, "log-level"),
            ({ try ParleyConfiguration.resolve(flags: ["database-url": "mysql://x"], environment: [:]) }, "database-url"),
            ({ try ParleyConfiguration.resolve(flags: ["public-url": "ftp://x"], environment: [:]) }, "public-url"),
            ({ try ParleyConfiguration.resolve(flags: [:], environment: [:], fileOverride: try self.file("{not json")) }, "config"),
        ]
        for (resolve, key) in cases {
            do {
                _ = try resolve()
                Issue.record("expected a configuration error for \(key)")
            } catch let error as ParleyError {
                #expect(error.field == key, "\(error)")
                #expect(error.message.contains(key) || key == "config", "\(error.message)")
            }
        }
    }

    @Test func secretsAreMaskedInDescribe() throws {
        let c = try ParleyConfiguration.resolve(flags: ["database-url": "postgres://app:hunter2@db.example/parley"], environment: [:])
        let shown = c.describe().map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        #expect(!shown.contains("hunter2"))
        #expect(shown.contains("postgres://app:***@db.example/parley"))
    }

    @Test func testAndKnownVariablesAreNotRejected() throws {
        _ = try ParleyConfiguration.resolve(flags: [:], environment: ["PARLEY_TEST_POSTGRES_URL": "x", "PARLEY_MASTER_KEY": "k", "HOME": "/root"])
    }

    @Test func privateNetworkTargetsAreRefusedUnlessAllowed() throws {
        let strict = try ParleyConfiguration.resolve(flags: [:], environment: [:])
        #expect(!strict.allowPrivateNetworkTargets && strict.outboundPolicy == .strict)
        let flag = try ParleyConfiguration.resolve(flags: ["allow-private-network-targets": "true"], environment: [:])
        #expect(flag.outboundPolicy == .allowingPrivateNetworks)
        let env = try ParleyConfiguration.resolve(flags: [:], environment: ["PARLEY_ALLOW_PRIVATE_NETWORK_TARGETS": "1"])
        #expect(env.allowPrivateNetworkTargets && env.sources["allow-private-network-targets"] == "environment PARLEY_ALLOW_PRIVATE_NETWORK_TARGETS")
        #expect(env.describe().contains { $0.key == "allow-private-network-targets" && $0.value == "true" })
        #expect(throws: ParleyError.self) { try ParleyConfiguration.resolve(flags: ["allow-private-network-targets": "maybe"], environment: [:]) }
    }
}
