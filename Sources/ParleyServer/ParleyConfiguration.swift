import Foundation
import Logging
import ParleyCore
import ParleyStorage

/// The effective configuration: flags > `PARLEY_*` environment > config file > defaults.
public struct ParleyConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDir = "./data"
    /// Where `make speech` installed the offline speech worker.
    public var speechDir = ".speech"
    /// Speech worker processes.
    public var speechWorkers = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    public var databaseURLString = ""
    public var databaseURL: DatabaseURL = .sqlite(path: "/tmp/parley.sqlite")
    public var publicURL = ""
    public var logLevel: Logger.Level = .info
    public var logFormat = "text"
    public var maxBodyBytes = 1 << 20
    public var apiRateLimit = 100.0
    public var sessionLifetime: Int64 = 43_200
    public var bcryptCost = 12
    public var ownerEmail = "owner@parley.local"
    public var sqliteReaders = 4
    public var postgresMaxConnections = 20
    public var drainSeconds = 0
    public var drainCallsSeconds = 120
    /// `--dev-allow-unsigned-streams`: local tools may open Twilio streams without signatures.
    public var devAllowUnsignedStreams = false
    /// `--allow-private-network-targets`: webhooks and agent tools may call loopback, private
    /// networks and cloud metadata (local development; off in production).
    public var allowPrivateNetworkTargets = false
    /// Twilio's REST API base URL (`--twilio-api-url`).
    public var twilioAPIURL = "https://api.twilio.com"
    public var maxCalls = 2_000
    public var maxCallsPerOrg = 500
    public var authFailureBurst = 30
    /// The master key from `PARLEY_MASTER_KEY` (environment only: never a flag or file, so it stays out of shell history and config files).
    public var masterKey: String?

    /// Where each value came from (flag, environment, file, default), for `config show`.
    public var sources: [String: String] = [:]

    public init() {}

    /// Which addresses webhooks and agent tools may reach (`--allow-private-network-targets`).
    public var outboundPolicy: OutboundAddressPolicy { OutboundAddressPolicy(allowPrivateNetworks: allowPrivateNetworkTargets) }

    /// Resolves the layers. `flags` hold values given on the command line by key name.
    public static func resolve(flags: [String: String], environment: [String: String], fileOverride: String? = nil) throws(ParleyError) -> ParleyConfiguration {
        for key in flags.keys where ConfigKey.named(key) == nil {
            throw ParleyError(.configuration, "unknown configuration key '\(key)'", field: key)
        }
        for name in environment.keys where name.hasPrefix("PARLEY_") && !name.hasPrefix("PARLEY_TEST_") {
            if !ConfigKey.otherEnvironment.contains(name) && !ConfigKey.all.contains(where: { $0.environmentName == name }) {
                throw ParleyError(.configuration, "unknown environment variable \(name) (known: \(ConfigKey.all.map(\.environmentName).joined(separator: ", ")))", field: name)
            }
        }
        var file: [String: String] = [:]
        let configPath = fileOverride ?? flags["config"] ?? environment["PARLEY_CONFIG"]
        if let configPath {
            file = try loadFile(configPath)
        }
        var raw: [String: (String, String)] = [:]
        for key in ConfigKey.all {
            if let v = flags[key.name] { raw[key.name] = (v, "flag --\(key.name)") }
            else if let v = environment[key.environmentName] { raw[key.name] = (v, "environment \(key.environmentName)") }
            else if let v = file[key.name] { raw[key.name] = (v, "file \(configPath ?? "")") }
        }
        var c = ParleyConfiguration()
        func value(_ key: ConfigKey) -> String? { raw[key.name]?.0 }
        func int(_ key: ConfigKey, _ range: ClosedRange<Int>) throws(ParleyError) -> Int? {
            guard let s = value(key) else { return nil }
            guard let v = Int(s.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
                throw ParleyError(.configuration, "\(key.name) must be an integer in \(range.lowerBound)…\(range.upperBound) (got '\(s)' from \(raw[key.name]!.1))", field: key.name)
            }
            return v
        }
        if let v = value(.host) { c.host = v }
        if let v = try int(.port, 0...65535) { c.port = v }
        if let v = value(.dataDir) { c.dataDir = v }
        c.dataDir = URL(fileURLWithPath: c.dataDir).standardizedFileURL.path
        c.databaseURLString = value(.databaseURL) ?? "sqlite://\(c.dataDir)/parley.sqlite"
        do { c.databaseURL = try DatabaseURL.parse(c.databaseURLString) } catch {
            throw ParleyError(.configuration, "database-url: \(error.message)", field: "database-url")
        }
        c.publicURL = value(.publicURL) ?? "http://\(c.host.contains(":") ? "[\(c.host)]" : c.host):\(c.port)"
        while c.publicURL.hasSuffix("/") { c.publicURL.removeLast() }
        guard let pu = URL(string: c.publicURL), let scheme = pu.scheme, ["http", "https"].contains(scheme), pu.host != nil, pu.query == nil else {
            throw ParleyError(.configuration, "public-url must be an absolute http(s) URL without query (got '\(c.publicURL)')", field: "public-url")
        }
        if let v = value(.logLevel) {
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw ParleyError(.configuration, "log-level must be one of trace, debug, info, notice, warning, error, critical (got '\(v)')", field: "log-level")
            }
            c.logLevel = level
        }
        if let v = value(.logFormat) {
            guard ["text", "json"].contains(v) else {
                throw ParleyError(.configuration, "log-format must be text or json (got '\(v)')", field: "log-format")
            }
            c.logFormat = v
        }
        if let v = try int(.maxBodyBytes, 1024...(256 << 20)) { c.maxBodyBytes = v }
        if let v = try int(.apiRateLimit, 0...1_000_000) { c.apiRateLimit = Double(v) }
        if let v = try int(.sessionLifetime, 300...(30 * 86_400)) { c.sessionLifetime = Int64(v) }
        if let v = try int(.bcryptCost, 4...15) { c.bcryptCost = v }
        if let v = value(.ownerEmail) {
            do { c.ownerEmail = try EmailAddress(v).value } catch {
                throw ParleyError(.configuration, "owner-email: \(error.message)", field: "owner-email")
            }
        }
        if let v = try int(.sqliteReaders, 1...64) { c.sqliteReaders = v }
        if let v = try int(.postgresMaxConnections, 1...1000) { c.postgresMaxConnections = v }
        if let v = try int(.drainSeconds, 0...300) { c.drainSeconds = v }
        if let v = try int(.drainCallsSeconds, 0...3_600) { c.drainCallsSeconds = v }
        if let v = value(.speechDir) { c.speechDir = v }
        c.speechDir = URL(fileURLWithPath: c.speechDir).standardizedFileURL.path
        if let v = try int(.speechWorkers, 1...64) { c.speechWorkers = v }
        if let v = value(.devAllowUnsignedStreams) {
            switch v.lowercased() {
            case "true", "1", "yes": c.devAllowUnsignedStreams = true
            case "false", "0", "no": c.devAllowUnsignedStreams = false
            default: throw ParleyError(.configuration, "dev-allow-unsigned-streams must be true or false (got '\(v)')", field: "dev-allow-unsigned-streams")
            }
        }
        if let v = value(.allowPrivateNetworkTargets) {
            switch v.lowercased() {
            case "true", "1", "yes": c.allowPrivateNetworkTargets = true
            case "false", "0", "no": c.allowPrivateNetworkTargets = false
            default: throw ParleyError(.configuration, "allow-private-network-targets must be true or false (got '\(v)')", field: "allow-private-network-targets")
            }
        }
        if c.devAllowUnsignedStreams, !["127.0.0.1", "::1", "localhost"].contains(c.host) {
            throw ParleyError(.configuration, "dev-allow-unsigned-streams is refused unless the server listens on loopback (host is '\(c.host)')",
                              field: "dev-allow-unsigned-streams")
        }
        if let v = try int(.maxCalls, 1...1_000_000) { c.maxCalls = v }
        if let v = try int(.maxCallsPerOrg, 1...1_000_000) { c.maxCallsPerOrg = v }
        if let v = try int(.authFailureBurst, 1...1_000_000) { c.authFailureBurst = v }
        if let v = value(.twilioAPIURL) {
            guard let url = URL(string: v), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ParleyError(.configuration, "twilio-api-url must be an absolute http(s) URL (got '\(v)')", field: "twilio-api-url")
            }
            c.twilioAPIURL = v.hasSuffix("/") ? String(v.dropLast()) : v
        }
        c.masterKey = environment["PARLEY_MASTER_KEY"]
        for key in ConfigKey.all { c.sources[key.name] = raw[key.name]?.1 ?? "default" }
        return c
    }

    /// A JSON object whose keys are configuration key names; values are strings, numbers or booleans.
    static func loadFile(_ path: String) throws(ParleyError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParleyError(.configuration, "cannot read config file \(path)", field: "config")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ParleyError(.configuration, "config file \(path) is not valid JSON: \(error.localizedDescription)", field: "config")
        }
        guard let dict = object as? [String: Any] else {
            throw ParleyError(.configuration, "config file \(path) must hold a JSON object", field: "config")
        }
        var out: [String: String] = [:]
        for (k, v) in dict {
            guard ConfigKey.named(k) != nil else {
                throw ParleyError(.configuration, "unknown key '\(k)' in config file \(path)", field: k)
            }
            switch v {
            case let s as String: out[k] = s
            case let n as NSNumber: out[k] = n.stringValue
            default: throw ParleyError(.configuration, "key '\(k)' in \(path) must be a string or number", field: k)
            }
        }
        return out
    }

    /// Lines for `parley config show` (secrets masked).
    public func describe() -> [(key: String, value: String, source: String)] {
        let values: [String: String] = [
            "host": host, "port": String(port), "data-dir": dataDir, "database-url": DatabaseURL.masked(databaseURLString),
            "public-url": publicURL, "log-level": logLevel.rawValue, "log-format": logFormat, "max-body-bytes": String(maxBodyBytes),
            "api-rate-limit": String(Int(apiRateLimit)), "session-lifetime": String(sessionLifetime), "bcrypt-cost": String(bcryptCost),
            "owner-email": ownerEmail, "sqlite-readers": String(sqliteReaders), "postgres-max-connections": String(postgresMaxConnections),
            "drain-seconds": String(drainSeconds), "drain-calls-seconds": String(drainCallsSeconds), "speech-dir": speechDir, "speech-workers": String(speechWorkers),
            "dev-allow-unsigned-streams": String(devAllowUnsignedStreams),
            "allow-private-network-targets": String(allowPrivateNetworkTargets), "twilio-api-url": twilioAPIURL,
            "max-calls": String(maxCalls), "max-calls-per-org": String(maxCallsPerOrg),
            "auth-failure-burst": String(authFailureBurst),
        ]
        let keySource = masterKey == nil ? "file \(dataDir)/master.key" : "environment PARLEY_MASTER_KEY"
        return ConfigKey.all.map { ($0.name, values[$0.name] ?? "", sources[$0.name] ?? "default") }
            + [("master-key", "***", keySource)]
    }
}
