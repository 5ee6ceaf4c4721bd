import Logging
import ParleyCore

/// Fresh, empty PostgreSQL databases on a server, for tests and benchmarks that must not share state.
public enum ScratchDatabase {
    /// Creates a database with a random name on the server of `admin` and returns its URL.
    public static func create(on admin: DatabaseURL, prefix: String = "t", logger: Logger) async throws -> DatabaseURL {
        guard case .postgres(var location) = admin else {
            throw ParleyError(.configuration, "scratch databases need a postgres:// URL")
        }
        let name = prefix + "_" + SecureToken.random(bytes: 10).lowercased()
        try await Database.with(admin, logger: logger) { db in
            // The identifier is generated above (lowercase alphanumerics), never user input.
            try await db.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        }
        location.database = name
        return .postgres(location)
    }
}
