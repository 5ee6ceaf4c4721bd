import ArgumentParser
import Foundation
import Logging
import ParleyCore
import ParleyServer

/// Configuration flags shared by every command (see docs/configuration.md).
struct GlobalOptions: ParsableArguments {
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 8080).") var port: String?
    @Option(name: .customLong("data-dir"), help: "Data directory (default ./data).") var dataDir: String?
    @Option(name: .customLong("database-url"), help: "sqlite:///path or postgres://user:pass@host:port/db.") var databaseURL: String?
    @Option(name: .customLong("public-url"), help: "Base URL browsers and carriers see, e.g. https://parley.example.com.") var publicURL: String?
    @Option(name: .customLong("log-level"), help: "trace|debug|info|notice|warning|error|critical.") var logLevel: String?
    @Option(name: .customLong("log-format"), help: "text|json.") var logFormat: String?
    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted.") var maxBodyBytes: String?
    @Option(name: .customLong("api-rate-limit"), help: "Requests per second per API key; 0 disables.") var apiRateLimit: String?
    @Option(name: .customLong("session-lifetime"), help: "Dashboard session lifetime, seconds.") var sessionLifetime: String?
    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt work factor (4–15).") var bcryptCost: String?
    @Option(name: .customLong("owner-email"), help: "Email of the owner created on a fresh data dir.") var ownerEmail: String?
    @Option(name: .customLong("sqlite-readers"), help: "SQLite read connections.") var sqliteReaders: String?
    @Option(name: .customLong("postgres-max-connections"), help: "PostgreSQL pool size.") var postgresMaxConnections: String?
    @Option(name: .customLong("drain-seconds"), help: "Seconds /readyz fails before shutdown closes the listener.") var drainSeconds: String?
    @Option(name: .customLong("drain-calls-seconds"), help: "Seconds live calls may go on after SIGTERM (default 120).") var drainCallsSeconds: String?
    @Option(name: .customLong("speech-dir"), help: "Offline speech worker directory (default .speech, made by `make speech`).") var speechDir: String?
    @Option(name: .customLong("speech-workers"), help: "Offline speech worker processes (default: one per core).") var speechWorkers: String?
    @Flag(name: .customLong("dev-allow-unsigned-streams"), help: "Accept Twilio media streams without signature or token (loopback only).")
    var devAllowUnsignedStreams = false
    @Flag(name: .customLong("allow-private-network-targets"),
          help: "Let webhooks and agent tools call loopback, private networks and cloud metadata (local development only).")
    var allowPrivateNetworkTargets = false
    @Option(name: .customLong("twilio-api-url"), help: "Base URL of Twilio's REST API (default https://api.twilio.com).") var twilioAPIURL: String?
    @Option(name: .customLong("max-calls"), help: "Live calls this node accepts (default 2000).") var maxCalls: String?
    @Option(name: .customLong("max-calls-per-org"), help: "Live calls one organization may have (default 500).") var maxCallsPerOrg: String?
    @Option(name: .customLong("auth-failure-burst"), help: "Failed API authentications an address may make before lock-out (default 30).")
    var authFailureBurst: String?
    @Option(help: "JSON config file (keys as the flag names).") var config: String?

    var flags: [String: String] {
        var f: [String: String] = [:]
        let pairs: [(String, String?)] = [
            ("host", host), ("port", port), ("data-dir", dataDir), ("database-url", databaseURL), ("public-url", publicURL),
            ("log-level", logLevel), ("log-format", logFormat), ("max-body-bytes", maxBodyBytes), ("api-rate-limit", apiRateLimit),
            ("session-lifetime", sessionLifetime), ("bcrypt-cost", bcryptCost), ("owner-email", ownerEmail),
            ("sqlite-readers", sqliteReaders), ("postgres-max-connections", postgresMaxConnections), ("drain-seconds", drainSeconds), ("drain-calls-seconds", drainCallsSeconds),
            ("speech-dir", speechDir), ("speech-workers", speechWorkers), ("twilio-api-url", twilioAPIURL),
            ("max-calls", maxCalls), ("max-calls-per-org", maxCallsPerOrg), ("auth-failure-burst", authFailureBurst),
        ]
        for (k, v) in pairs { if let v { f[k] = v } }
        if devAllowUnsignedStreams { f["dev-allow-unsigned-streams"] = "true" }
        if allowPrivateNetworkTargets { f["allow-private-network-targets"] = "true" }
        return f
    }

    /// Resolves the configuration, printing a clear message and exiting non-zero when it is invalid.
    func resolve() throws -> ParleyConfiguration {
        do {
            return try ParleyConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment, fileOverride: config)
        } catch {
            FileHandle.standardError.write(Data("parley: configuration error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Sets up logging once for the process and returns the root logger.
    func logger(_ config: ParleyConfiguration) -> Logger {
        let level = config.logLevel
        if config.logFormat == "json" {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        } else {
            LoggingSystem.bootstrap { label in
                var h = StreamLogHandler.standardError(label: label)
                h.logLevel = level
                return h
            }
        }
        var logger = Logger(label: "parley")
        logger.logLevel = level
        return logger
    }
}

/// Prints `error` as one line and exits with status 1.
func fail(_ error: any Error) -> ExitCode {
    let text = (error as? ParleyError)?.message ?? String(describing: error)
    FileHandle.standardError.write(Data("parley: \(text)\n".utf8))
    return ExitCode(1)
}
