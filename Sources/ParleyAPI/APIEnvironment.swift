import Logging
import ParleyAudit
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyStorage
import Synchronization

/// Everything route handlers need, built once at start-up and passed in.
public struct APIEnvironment: Sendable {
    public var database: Database
    public var clock: any WallClock
    public var logger: Logger
    public var organizations: OrganizationRepository
    public var users: UserRepository
    public var memberships: MembershipRepository
    public var invitations: InvitationRepository
    public var apiKeys: APIKeyRepository
    public var sessions: SessionRepository
    public var keyring: Keyring
    public let audit: AuditLog
    /// Group commit for audit events that join no change's transaction.
    public let auditWriter: AuditWriter
    public var secrets: OrgSecretStore
    public var agents: AgentRepository
    public var calls: CallRepository
    public var numbers: PhoneNumberRepository
    public var webhooks: WebhookRepository
    /// Places and controls phone calls (set by the server; nil: outbound calling unavailable).
    public var dialer: (any CallDialer)?
    /// Issues browser call tickets (set by the server; nil: web calls unavailable).
    public var webCalls: (any WebCallTicketIssuer)?
    /// Recordings and exports.
    public var blobs: any BlobStore
    public var keyUsage: APIKeyUsageTracker
    public var idempotency: IdempotencyStore
    public var metrics: APIMetrics
    public var readiness: Readiness
    public var limits: Limits
    /// Which hosts webhook endpoints and agent tools may name (literal private addresses and
    /// `localhost` are refused at creation unless private networks are allowed).
    public var outboundPolicy: OutboundAddressPolicy

    public struct Limits: Sendable {
        /// Largest request body accepted, in bytes.
        public var maxBodyBytes: Int
        /// Requests per second per API key (0 = unlimited).
        public var apiKeyRatePerSecond: Double
        /// Whether session cookies carry `Secure` (true when the public URL is https).
        public var secureCookies: Bool
        /// Base URL users and carriers see.
        public var publicURL: String
        /// Failed authentications an address may make before it is locked out (refills at 0.5/s).
        public var authFailureBurst: Double

        public init(maxBodyBytes: Int = 1 << 20, apiKeyRatePerSecond: Double = 100, secureCookies: Bool = false,
                    publicURL: String = "http://127.0.0.1:8080", authFailureBurst: Double = 30) {
            self.maxBodyBytes = maxBodyBytes
            self.apiKeyRatePerSecond = apiKeyRatePerSecond
            self.secureCookies = secureCookies
            self.publicURL = publicURL
            self.authFailureBurst = authFailureBurst
        }
    }

    public init(database: Database, keyring: Keyring, audit: AuditLog, blobs: any BlobStore, personalData: PersonalDataCipher, clock: any WallClock, logger: Logger, hasher: PasswordHasher,
                metrics: APIMetrics = APIMetrics(), limits: Limits = Limits(), sessionLifetimeSeconds: Int64 = 12 * 3600,
                outboundPolicy: OutboundAddressPolicy = .strict) {
        self.database = database
        self.clock = clock
        self.logger = logger
        organizations = OrganizationRepository(database: database, clock: clock)
        users = UserRepository(database: database, clock: clock, hasher: hasher, cipher: personalData)
        memberships = MembershipRepository(database: database, clock: clock)
        invitations = InvitationRepository(database: database, clock: clock, hasher: hasher, cipher: personalData)
        apiKeys = APIKeyRepository(database: database, clock: clock)
        sessions = SessionRepository(database: database, clock: clock, lifetimeSeconds: sessionLifetimeSeconds)
        self.keyring = keyring
        self.audit = audit
        auditWriter = AuditWriter(log: audit)
        secrets = OrgSecretStore(database: database, keyring: keyring, clock: clock)
        agents = AgentRepository(database: database, clock: clock, targetPolicy: outboundPolicy)
        calls = CallRepository(database: database, keyring: keyring, clock: clock)
        numbers = PhoneNumberRepository(database: database, clock: clock)
        webhooks = WebhookRepository(database: database, keyring: keyring, clock: clock)
        self.blobs = blobs
        keyUsage = APIKeyUsageTracker()
        idempotency = IdempotencyStore(database: database, clock: clock)
        self.metrics = metrics
        readiness = Readiness()
        self.limits = limits
        self.outboundPolicy = outboundPolicy
    }
}

/// Whether the node accepts traffic; set to draining at shutdown so /readyz fails first.
public final class Readiness: Sendable {
    private let draining = Mutex(false)

    public init() {}

    public var isDraining: Bool { draining.withLock { $0 } }

    public func startDraining() { draining.withLock { $0 = true } }
}
