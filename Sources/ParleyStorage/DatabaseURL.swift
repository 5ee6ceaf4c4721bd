import Foundation
import ParleyCore

/// Where the database lives: `sqlite:///abs/path/parley.sqlite` or `postgres://user:pass@host:port/db`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// `disable`, `prefer` or `require` (libpq's `sslmode` names).
        public var sslMode: String

        public init(host: String, port: Int, username: String, password: String?, database: String, sslMode: String) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.sslMode = sslMode
        }
    }

    public static func parse(_ raw: String) throws(ParleyError) -> DatabaseURL {
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard path.hasPrefix("/"), path.count > 1 else {
                throw ParleyError(.configuration, "database URL '\(raw)' needs an absolute path: sqlite:///path/to/parley.sqlite", field: "database-url")
            }
            return .sqlite(path: path)
        }
        guard raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://"),
              let comps = URLComponents(string: raw), let host = comps.host, !host.isEmpty
        else {
            throw ParleyError(.configuration, "database URL must start with sqlite:/// or postgres:// (got '\(Self.masked(raw))')", field: "database-url")
        }
        let dbName = comps.path.hasPrefix("/") ? String(comps.path.dropFirst()) : comps.path
        var sslMode = Self.isLoopback(host) ? "disable" : "prefer"
        for item in comps.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw ParleyError(.configuration, "unknown database URL parameter '\(item.name)' (only sslmode is supported)", field: "database-url")
            }
            guard let v = item.value, ["disable", "prefer", "require"].contains(v) else {
                throw ParleyError(.configuration, "sslmode must be disable, prefer or require", field: "database-url")
            }
            sslMode = v
        }
        return .postgres(PostgresLocation(
            host: host, port: comps.port ?? 5432,
            username: comps.user ?? "postgres", password: comps.password,
            database: dbName.isEmpty ? (comps.user ?? "postgres") : dbName, sslMode: sslMode))
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// The URL with any password replaced by `***`, for logs and `config show`.
    public static func masked(_ raw: String) -> String {
        guard var comps = URLComponents(string: raw), comps.password != nil else { return raw }
        comps.password = "***"
        return comps.string ?? raw
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let p):
            return "postgres://\(p.username)\(p.password == nil ? "" : ":***")@\(p.host):\(p.port)/\(p.database)"
        }
    }
}
