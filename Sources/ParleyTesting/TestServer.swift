import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import HummingbirdTesting
import Logging
import NIOCore
import ParleyAPI
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyServer
import ParleyStorage
import Synchronization

/// A real Parley HTTP stack on a loopback port over a fresh database, with an owner and an
/// admin API key ready to use.
public struct TestServer: Sendable {
    public let database: Database
    public let environment: APIEnvironment
    public let http: ParleyHTTP
    public let clock: ManualClock
    public let orgID: String
    public let ownerEmail: String
    public let ownerPassword: String
    public let adminKey: String
    /// The media endpoints, when the server was started with media settings.
    public let media: MediaRoutes?

    /// Builds everything and runs `body` against the live server.
    public static func run<T: Sendable>(
        _ flavor: DatabaseFlavor, apiRateLimit: Double = 0, maxBodyBytes: Int = 1 << 20, logger: Logger? = nil,
        media mediaSettings: MediaSettings? = nil, twilioBaseURL: String = "http://127.0.0.1:9", allowPrivateNetworkTargets: Bool = false,
        _ body: @Sendable (TestServer, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        // Every test server logs at trace into a capture that is checked for leaked secrets at the end.
        let capture = LogCapture()
        let logger = logger ?? capture.logger()
        let url = try await TestDatabase.makeURL(flavor)
        defer { TestDatabase.remove(url) }
        let db = try await Database.open(url, logger: logger)
        return try await db.withRunning {
            let clock = ManualClock(micros: SystemWallClock().nowMicros())
            var config = ParleyConfiguration()
            config.bcryptCost = 4
            config.apiRateLimit = apiRateLimit
            config.maxBodyBytes = maxBodyBytes
            config.allowPrivateNetworkTargets = allowPrivateNetworkTargets
            config.publicURL = "http://127.0.0.1:8080"
            config.masterKey = MasterKeyFormat.generate().1
            let captured = CapturedOutput()
            let keyring = try await ParleyServer.prepare(db, config: config, clock: clock, logger: logger, output: { captured.append($0) })
            let blobDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-blobs-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: blobDirectory) }
            var env = try await ParleyServer.environment(config, database: db, keyring: keyring, clock: clock, logger: logger,
                                                         blobs: try mediaSettings?.blobs ?? LocalBlobStore(root: blobDirectory))
            if mediaSettings != nil {
                env.dialer = OutboundCalls(environment: env, twilioBaseURL: twilioBaseURL, ringTimeoutSeconds: 20, logger: logger)
            }
            env.webCalls = try await BrowserCallTickets(keyring: keyring, clock: clock, publicURL: config.publicURL)
            guard let org = try await env.organizations.defaultOrganization() else { throw ParleyError(.internal, "no default org") }
            let (_, key) = try await env.apiKeys.create(org: org.id, name: "test admin", role: .admin, createdBy: nil)
            let password = captured.text.split(separator: "\n").first { $0.contains("password:") }?
                .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let http = ParleyHTTP(environment: env)
            var media: MediaRoutes?
            if var mediaSettings {
                if mediaSettings.dialer == nil { mediaSettings.dialer = env.dialer }
                media = try await MediaRoutes(environment: env, settings: mediaSettings)
            }
            let server = TestServer(database: db, environment: env, http: http, clock: clock, orgID: org.id,
                                    ownerEmail: config.ownerEmail, ownerPassword: password, adminKey: key, media: media)
            let result: T
            if let media, let dialer = env.dialer as? OutboundCalls {
                let router = http.makeRouter()
                TwilioWebhooks(environment: env, media: media, outbound: dialer).register(on: router)
                let app = Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: media.makeRouter(), configuration: MediaRoutes.webSocketConfiguration),
                                      configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
                result = try await app.test(.live) { client in try await body(server, client) }
            } else {
                let app = Application(router: http.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
                result = try await app.test(.live) { client in try await body(server, client) }
            }
            let logs = capture.text
            let leaks = capture.leakedTokens()
            guard leaks.isEmpty, !logs.contains(key), password.isEmpty || !logs.contains(password) else {
                throw ParleyError(.internal, "a secret was written to the logs: \(leaks.map { $0.prefix(8) })")
            }
            return result
        }
    }

    /// Creates another organization (a separate tenant) with an API key of `role`.
    public func makeTenant(role: Role = .admin) async throws -> (orgID: String, key: String) {
        let now = clock.nowMicros()
        let org = try await database.transaction { db in
            let id = ResourceID.make("org", timeMicros: now)
            try await db.raw("INSERT INTO orgs (id, name, is_default, created_at) VALUES (\(bind: id), 'Other tenant', 0, \(bind: now))").run()
            return id
        }
        let (_, key) = try await environment.apiKeys.create(org: org, name: "tenant key", role: role, createdBy: nil)
        return (org, key)
    }

    /// An API key of `role` in this server's default org.
    public func key(role: Role) async throws -> String {
        try await environment.apiKeys.create(org: orgID, name: "\(role.rawValue) key", role: role, createdBy: nil).token
    }
}

/// Collects what `prepare` prints (the one-time owner password).
final class CapturedOutput: Sendable {
    private let storage = Mutex("")
    func append(_ s: String) { storage.withLock { $0 += s + "\n" } }
    var text: String { storage.withLock { $0 } }
}
