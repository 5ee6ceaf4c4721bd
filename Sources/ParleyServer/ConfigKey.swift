/// One configuration setting: its name (flag `--name`, env `PARLEY_NAME`, file key `name`),
/// default, documentation and whether its value is secret.
public struct ConfigKey: Sendable, Hashable {
    public let name: String
    public let defaultDescription: String
    public let help: String
    public let secret: Bool

    public var environmentName: String {
        "PARLEY_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    public static let host = ConfigKey(name: "host", defaultDescription: "127.0.0.1", help: "Address to listen on", secret: false)
    public static let port = ConfigKey(name: "port", defaultDescription: "8080", help: "TCP port to listen on", secret: false)
    public static let dataDir = ConfigKey(name: "data-dir", defaultDescription: "./data", help: "Directory for the SQLite database and local files", secret: false)
    public static let databaseURL = ConfigKey(name: "database-url", defaultDescription: "sqlite://<data-dir>/parley.sqlite", help: "sqlite:///path or postgres://user:pass@host:port/db", secret: true)
    public static let publicURL = ConfigKey(name: "public-url", defaultDescription: "http://<host>:<port>", help: "Base URL browsers and carriers use (behind a TLS proxy: https://…)", secret: false)
    public static let logLevel = ConfigKey(name: "log-level", defaultDescription: "info", help: "trace, debug, info, notice, warning, error, critical", secret: false)
    public static let logFormat = ConfigKey(name: "log-format", defaultDescription: "text", help: "text or json (one object per line)", secret: false)
    public static let maxBodyBytes = ConfigKey(name: "max-body-bytes", defaultDescription: "1048576", help: "Largest request body accepted", secret: false)
    public static let apiRateLimit = ConfigKey(name: "api-rate-limit", defaultDescription: "100", help: "Requests per second per API key (burst twice that); 0 disables", secret: false)
    public static let sessionLifetime = ConfigKey(name: "session-lifetime", defaultDescription: "43200", help: "Dashboard session lifetime in seconds", secret: false)
    public static let bcryptCost = ConfigKey(name: "bcrypt-cost", defaultDescription: "12", help: "bcrypt work factor for passwords (10–15)", secret: false)
    public static let ownerEmail = ConfigKey(name: "owner-email", defaultDescription: "owner@parley.local", help: "Login email of the owner created on a fresh data dir", secret: false)
    public static let sqliteReaders = ConfigKey(name: "sqlite-readers", defaultDescription: "4", help: "SQLite read connections", secret: false)
    public static let postgresMaxConnections = ConfigKey(name: "postgres-max-connections", defaultDescription: "20", help: "PostgreSQL pool size per node", secret: false)
    public static let drainSeconds = ConfigKey(name: "drain-seconds", defaultDescription: "0", help: "Seconds /readyz fails before the listener closes on shutdown", secret: false)
    public static let drainCallsSeconds = ConfigKey(name: "drain-calls-seconds", defaultDescription: "120", help: "Seconds live calls may go on after SIGTERM before they are cut", secret: false)
    public static let speechDir = ConfigKey(name: "speech-dir", defaultDescription: ".speech", help: "The offline speech worker installed by `make speech`", secret: false)
    public static let devAllowUnsignedStreams = ConfigKey(name: "dev-allow-unsigned-streams", defaultDescription: "false", help: "Accept Twilio media streams without signature or token (loopback only; agent from the 'agent' custom parameter)", secret: false)
    public static let allowPrivateNetworkTargets = ConfigKey(name: "allow-private-network-targets", defaultDescription: "false", help: "Let webhook endpoints and agent tools call loopback, private-network and link-local (cloud metadata) addresses; for local development only", secret: false)
    public static let twilioAPIURL = ConfigKey(name: "twilio-api-url", defaultDescription: "https://api.twilio.com", help: "Base URL of Twilio's REST API (a local fake in tests)", secret: false)
    public static let maxCalls = ConfigKey(name: "max-calls", defaultDescription: "2000", help: "Live calls this node accepts; more get a busy answer", secret: false)
    public static let maxCallsPerOrg = ConfigKey(name: "max-calls-per-org", defaultDescription: "500", help: "Live calls one organization may have on this node", secret: false)
    public static let authFailureBurst = ConfigKey(name: "auth-failure-burst", defaultDescription: "30", help: "Failed API authentications one address may make before it is locked out (refills 1 per 2 s)", secret: false)
    public static let speechWorkers = ConfigKey(name: "speech-workers", defaultDescription: "number of cores", help: "Offline speech worker processes (each ~350 MB)", secret: false)

    public static let all: [ConfigKey] = [
        host, port, dataDir, databaseURL, publicURL, logLevel, logFormat, maxBodyBytes, apiRateLimit,
        sessionLifetime, bcryptCost, ownerEmail, sqliteReaders, postgresMaxConnections, drainSeconds, drainCallsSeconds,
        speechDir, speechWorkers, devAllowUnsignedStreams, allowPrivateNetworkTargets, twilioAPIURL, maxCalls, maxCallsPerOrg, authFailureBurst,
    ]

    /// `PARLEY_*` variables that are not configuration keys but are known to Parley or its test harness.
    public static let otherEnvironment: Set<String> = ["PARLEY_CONFIG", "PARLEY_MASTER_KEY", "PARLEY_BIN", "PARLEY_SPEECH_TEST_FAULTS", "PARLEY_SUBSET", "PARLEY_BENCH_TRANSCRIPT"]

    public static func named(_ name: String) -> ConfigKey? { all.first { $0.name == name } }
}
