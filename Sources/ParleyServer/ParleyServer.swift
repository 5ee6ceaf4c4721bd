#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyAPI
import ParleyAudit
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyProviders
import ParleyStorage
import ParleyVoice
import ServiceLifecycle

/// Wiring: opens the database, migrates, creates the first org on a fresh data dir, and runs the
/// HTTP server and background services under one ServiceGroup with graceful shutdown.
public enum ParleyServer {
    /// Every module's migrations, in dependency order.
    public static let migrations: [Migration] = KeyringMigrations.all + OrgSecretStore.migrations + AuditMigrations.all + IdentityMigrations.all
        + APIMigrations.all + CallsMigrations.all

    public static func openDatabase(_ config: ParleyConfiguration, logger: Logger) async throws -> Database {
        try await Database.open(config.databaseURL, readers: config.sqliteReaders,
                                maxPostgresConnections: config.postgresMaxConnections, logger: logger)
    }

    /// Migrates and, on a fresh database, creates the default org and owner (printed once to stdout).
    @discardableResult
    public static func prepare(_ database: Database, config: ParleyConfiguration, clock: any WallClock, logger: Logger,
                               output: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }) async throws -> Keyring {
        let applied = try await MigrationRunner(migrations: migrations, clock: clock, logger: logger).migrate(database)
        for name in applied { logger.info("applied migration", metadata: ["migration": .string(name)]) }
        // Refuses to go on with a wrong or missing master key for an existing installation.
        let keyring = try await Keyring.open(database: database, provider: keyProvider(config), clock: clock)
        let hasher = PasswordHasher(cost: UInt8(config.bcryptCost))
        let personalData = try await PersonalDataCipher.load(from: keyring)
        let encrypted = try await IdentityFieldEncryption(database: database, cipher: personalData).run()
        if encrypted > 0 { logger.notice("encrypted personal fields in place", metadata: ["rows": .stringConvertible(encrypted)]) }
        if let created = try await Bootstrap(database: database, clock: clock, hasher: hasher, cipher: personalData)
            .ensureDefaultOrganization(ownerEmail: config.ownerEmail) {
            logger.notice("created default organization and owner", metadata: ["org.id": .string(created.organization.id)])
            try await AuditLog.open(database: database, keyring: keyring, clock: clock).record(AuditEvent(
                orgID: nil, actor: "system", action: "setup.default_org_and_owner", target: created.organization.id,
                outcome: "success", atMicros: clock.nowMicros()))
            output("""

            ================================================================
             Parley is set up. Log in at \(config.publicURL)/login
               email:    \(created.ownerEmail)
               password: \(created.oneTimePassword)
             This one-time password is shown only now; you will be asked
             to choose a new one at first login.
            ================================================================

            """)
        }
        // Every data dir gets the built-in agents in its default org, once: when the agents
        // table is created (a fresh data dir, or one from before agents were stored).
        if applied.contains(CallsMigrations.agentsMigrationName),
           let org = try await OrganizationRepository(database: database, clock: clock).defaultOrganization() {
            let stored = try await AgentRepository(database: database, clock: clock).installBuiltIns(org: org.id)
            if !stored.isEmpty { logger.info("stored built-in agents", metadata: ["agents": .string(stored.joined(separator: ","))]) }
        }
        return keyring
    }

    /// `PARLEY_MASTER_KEY` when set (required when several nodes share PostgreSQL), else
    /// `master.key` (mode 0600) in the data dir, created on first run.
    public static func keyProvider(_ config: ParleyConfiguration) -> any KeyProvider {
        if let value = config.masterKey { return EnvironmentKeyProvider(value: value) }
        return FileKeyProvider(path: config.dataDir + "/master.key")
    }

    /// Builds the API environment for a configuration.
    public static func environment(_ config: ParleyConfiguration, database: Database, keyring: Keyring, clock: any WallClock,
                                   logger: Logger, blobs: (any BlobStore)? = nil) async throws -> APIEnvironment {
        APIEnvironment(
            database: database, keyring: keyring, audit: try await AuditLog.open(database: database, keyring: keyring, clock: clock),
            blobs: try blobs ?? LocalBlobStore(root: config.dataDir + "/blobs"), personalData: try await PersonalDataCipher.load(from: keyring), clock: clock, logger: logger, hasher: PasswordHasher(cost: UInt8(config.bcryptCost)),
            limits: .init(maxBodyBytes: config.maxBodyBytes, apiKeyRatePerSecond: config.apiRateLimit,
                          secureCookies: config.publicURL.hasPrefix("https://"), publicURL: config.publicURL,
                          authFailureBurst: Double(config.authFailureBurst)),
            sessionLifetimeSeconds: config.sessionLifetime, outboundPolicy: config.outboundPolicy)
    }

    /// `parley serve`: runs until SIGTERM/SIGINT. `providers`, when given, replaces the voice
    /// stack for calls (the media benchmark's instant stubs) and no speech workers start.
    public static func serve(_ config: ParleyConfiguration, logger: Logger,
                             providers: (@Sendable (AgentConfiguration) throws -> CallEngine.Providers)? = nil) async throws {
        raiseFileLimit(logger: logger)
        #if canImport(Glibc)
        // A peer that closes mid-write must cost an error on that connection, never the process.
        signal(SIGPIPE, SIG_IGN)
        #endif
        let clock = SystemWallClock()
        let database = try await openDatabase(config, logger: logger)
        try await database.withRunning {
            let keyring = try await prepare(database, config: config, clock: clock, logger: logger)
            var env = try await environment(config, database: database, keyring: keyring, clock: clock, logger: logger)
            let dialer = OutboundCalls(environment: env, twilioBaseURL: config.twilioAPIURL, logger: logger)
            env.dialer = dialer
            env.webCalls = try await BrowserCallTickets(keyring: keyring, clock: clock, publicURL: config.publicURL)
            try await env.audit.record(AuditEvent(orgID: nil, actor: "system", action: "server.start", target: ParleyVersion.string,
                                                  outcome: "success", atMicros: clock.nowMicros()))
            let http = ParleyHTTP(environment: env)
            let blobs = env.blobs
            try await CallRecovery(calls: CallRepository(database: database, keyring: keyring, clock: clock), blobs: blobs,
                                   clock: clock, logger: logger).run()
            // Requests to organizations' URLs (webhooks, agent tools) never follow redirects.
            let outboundClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                            configuration: OutboundTargetGuard.clientConfiguration)
            do {
                let targetGuard = OutboundTargetGuard(policy: config.outboundPolicy)
                if config.allowPrivateNetworkTargets {
                    logger.warning("--allow-private-network-targets: webhooks and agent tools may call loopback, private networks and cloud metadata")
                }
                var voice: VoiceService?
                let callProviders: @Sendable (AgentConfiguration, CallContext) throws -> CallEngine.Providers
                if let providers {
                    callProviders = { agent, _ in try providers(agent) }
                } else {
                    let service = VoiceService(config: config, toolClient: outboundClient, logger: logger)
                    voice = service
                    callProviders = { try service.providers(for: $0, tools: $1) }
                }
                let admission = CallAdmission(maxCalls: config.maxCalls, maxCallsPerOrg: config.maxCallsPerOrg)
                let media = try await MediaRoutes(environment: env, settings: MediaSettings(
                    callProviders: callProviders, blobs: blobs, allowUnsignedStreams: config.devAllowUnsignedStreams,
                    admission: admission,
                    metrics: CallMetrics(registry: env.metrics.registry), dialer: dialer))
                if config.devAllowUnsignedStreams {
                    logger.warning("--dev-allow-unsigned-streams: Twilio media streams are accepted without signature or token")
                }
                let router = http.makeRouter()
                TwilioWebhooks(environment: env, media: media, outbound: dialer).register(on: router)
                let app = Application(
                    router: router,
                    server: .http1WebSocketUpgrade(webSocketRouter: media.makeRouter(), configuration: MediaRoutes.webSocketConfiguration),
                    configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Parley"),
                    onServerRunning: { channel in
                        logger.notice("Parley is listening", metadata: [
                            "address": .string("\(channel.localAddress?.description ?? "")"), "public_url": .string(config.publicURL),
                            "database": .string(database.url.description),
                        ])
                    },
                    logger: logger)
                // Shutdown runs in reverse order: the listener drains before the speech workers stop.
                var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                    .init(service: AuditChainBuilder(log: env.audit, checkpoints: auditCheckpoints(config, env.audit, logger: logger), logger: logger)),
                    .init(service: KeyUsageFlushService(tracker: env.keyUsage, repository: env.apiKeys, interval: .seconds(10), logger: logger)),
                ]
                if let voice { services.append(.init(service: voice)) }
                services += [
                    .init(service: WebhookDispatcher(repository: env.webhooks, clock: clock, targetGuard: targetGuard,
                                                       client: outboundClient, logger: logger)),
                    .init(service: app),
                    .init(service: DrainService(readiness: env.readiness, delay: .seconds(config.drainSeconds), admission: admission,
                                                  callTimeout: .seconds(config.drainCallsSeconds), logger: logger)),
                ]
                let group = ServiceGroup(configuration: .init(
                    services: services,
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
                try await group.run()
            } catch {
                try? await outboundClient.shutdown()
                throw error
            }
            try await outboundClient.shutdown()
        }
        logger.notice("Parley stopped")
    }

    /// Signed audit checkpoints live outside the database, in the data dir.
    public static func auditCheckpoints(_ config: ParleyConfiguration, _ log: AuditLog, logger: Logger) -> AuditCheckpoints {
        AuditCheckpoints(path: config.dataDir + "/audit-checkpoints.jsonl", log: log, logger: logger)
    }

    static func raiseFileLimit(logger: Logger) {
        #if canImport(Glibc)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 {
                logger.warning("could not raise the open-file limit")
            }
        }
        #endif
    }
}

