import Foundation
import Logging
import ParleyCore
import ParleyStorage

/// Gives each test its own database: a fresh SQLite file, or a fresh PostgreSQL database on the
/// server named by `PARLEY_TEST_POSTGRES_URL` (so parallel tests never collide).
public enum TestDatabase {
    /// The flavors to run storage tests on: SQLite always, PostgreSQL when configured.
    public static var flavors: [DatabaseFlavor] {
        ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static let logger: Logger = {
        var l = Logger(label: "parley.test")
        l.logLevel = .warning
        return l
    }()

    /// A fresh, empty database URL of `flavor`.
    public static func makeURL(_ flavor: DatabaseFlavor) async throws -> DatabaseURL {
        switch flavor {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(SecureToken.random(bytes: 8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return .sqlite(path: dir.appendingPathComponent("parley.sqlite").path)
        case .postgres:
            guard let raw = ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"] else {
                throw ParleyError(.configuration, "PARLEY_TEST_POSTGRES_URL is not set")
            }
            return try await ScratchDatabase.create(on: try DatabaseURL.parse(raw), logger: logger)
        }
    }

    /// Runs `body` with an open, running database of `flavor`; closes and deletes it afterwards.
    public static func with<T: Sendable>(_ flavor: DatabaseFlavor, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let url = try await makeURL(flavor)
        defer { remove(url) }
        return try await Database.with(url, logger: logger, body)
    }

    /// Deletes a test SQLite database's directory (PostgreSQL test databases go with the throwaway cluster).
    public static func remove(_ url: DatabaseURL) {
        if case .sqlite(let path) = url {
            try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
        }
    }
}
