import ArgumentParser
import Crypto
import Foundation
import ParleyCore
import ParleyKeyring
import ParleyServer
import ParleyStorage
import SQLKit

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Manage the master key.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Re-wrap every organization key under a new master key (no data is re-encrypted).",
            discussion: """
                Without --new-key-file a new key is generated and saved as master.key.new in the data dir before \
                anything changes; when done it replaces master.key. If interrupted, run the same command again: it \
                resumes. With PARLEY_MASTER_KEY set, pass --new-key-file and update PARLEY_MASTER_KEY afterwards. \
                Stop the server first when on SQLite.
                """)

        @OptionGroup var options: GlobalOptions
        @Option(name: .customLong("new-key-file"), help: "File holding the new master key (32 bytes, base64).") var newKeyFile: String?

        func run() async throws {
            let config = try options.resolve()
            let logger = options.logger(config)
            let newKeyFile = self.newKeyFile
            do {
                let db = try await ParleyServer.openDatabase(config, logger: logger)
                try await db.withRunning {
                    _ = try await MigrationRunner(migrations: ParleyServer.migrations, clock: SystemWallClock(), logger: logger).migrate(db)
                    try await Self.rotate(db, config: config, newKeyFile: newKeyFile)
                }
            } catch {
                throw fail(error)
            }
        }

        static func rotate(_ db: Database, config: ParleyConfiguration, newKeyFile: String?) async throws {
            let keyPath = config.dataDir + "/master.key"
            let pendingPath = keyPath + ".new"
            let recorded = try await db.read { sql in
                try await sql.raw("SELECT value FROM keyring_meta WHERE name = 'master_fingerprint'").first()?.decode(column: "value", as: String.self)
            }
            // The new key: given, or generated and saved before anything changes (so a crash can't lose it).
            let next: SymmetricKey
            if let newKeyFile {
                guard let text = FileManager.default.contents(atPath: newKeyFile) else { throw ParleyError(.configuration, "cannot read \(newKeyFile)") }
                next = try MasterKeyFormat.parse(String(decoding: text, as: UTF8.self), source: newKeyFile)
            } else {
                guard config.masterKey == nil else {
                    throw ParleyError(.configuration, "PARLEY_MASTER_KEY is set: pass --new-key-file with the new key, then update PARLEY_MASTER_KEY")
                }
                next = try FileKeyProvider(path: pendingPath).masterKey(createIfMissing: true)
            }
            let nextPrint = MasterKeyFormat.fingerprint(next)
            if recorded == nextPrint {
                // The database already uses the new key (an earlier run stopped before swapping the file).
                try finishFile(config: config, keyPath: keyPath, pendingPath: pendingPath, next: next, explicit: newKeyFile != nil)
                print("rotation already complete in the database; master key file updated")
                return
            }
            let current = try ParleyServer.keyProvider(config).masterKey(createIfMissing: false)
            let result = try await KeyRotation(database: db, clock: SystemWallClock()).rotate(current: current, next: next)
            try finishFile(config: config, keyPath: keyPath, pendingPath: pendingPath, next: next, explicit: newKeyFile != nil)
            print("re-wrapped \(result.rewrapped) organization key(s)\(result.resumed ? " (resumed)" : ""); new master key fingerprint \(result.newFingerprint)")
            if config.masterKey != nil { print("now set PARLEY_MASTER_KEY to the new key and restart") }
        }

        /// Puts the new key where the server will look for it (atomic rename, mode 0600).
        static func finishFile(config: ParleyConfiguration, keyPath: String, pendingPath: String, next: SymmetricKey, explicit: Bool) throws {
            guard config.masterKey == nil else { return }
            if explicit {
                let text = next.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
                guard FileManager.default.createFile(atPath: pendingPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw ParleyError(.storage, "could not write \(pendingPath)")
                }
            }
            guard rename(pendingPath, keyPath) == 0 else {
                throw ParleyError(.storage, "could not move \(pendingPath) to \(keyPath): \(String(cString: strerror(errno)))")
            }
        }
    }
}
