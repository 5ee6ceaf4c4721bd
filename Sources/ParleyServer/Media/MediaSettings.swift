import ParleyCalls
import ParleyCore
import ParleyProviders
import ParleyVoice

/// What the media endpoints need besides the API environment.
public struct MediaSettings: Sendable {
    /// Builds the providers for a call with an agent (the voice stack, or stubs in benchmarks);
    /// the context carries the call id and the org's tool signing secret.
    public var providers: @Sendable (AgentConfiguration, CallContext) throws -> CallEngine.Providers
    /// Where recordings are spooled.
    public var blobs: any BlobStore
    /// `--dev-allow-unsigned-streams`: accept Twilio streams without signature or token,
    /// choosing the agent by the `agent` custom parameter in the default org (loopback only).
    public var allowUnsignedStreams: Bool
    /// How often live recordings are flushed to disk (a crash loses at most this much).
    public var recordingFlushInterval: Duration
    /// Global and per-org ceilings on live calls.
    public var admission: CallAdmission
    /// Prometheus collectors (nil in tests that don't look at them).
    public var metrics: CallMetrics?
    /// Listeners of live calls (`GET /v1/calls/{id}/live`).
    public var liveCalls: LiveCallHub
    /// Carries out transfers the agent decides on (Twilio REST: redirect to `<Dial>`).
    public var dialer: (any CallDialer)?
    /// How far a browser's audio may run ahead of real time before the call is refused.
    public var browserAudioLead: Duration = .seconds(2)
    /// How long a browser call socket may stay open without its `start` message.
    public var browserStartTimeout: Duration = .seconds(10)

    /// Settings whose providers ignore the tool context (stubs, benchmarks).
    public init(providers: @escaping @Sendable (AgentConfiguration) throws -> CallEngine.Providers, blobs: any BlobStore,
                allowUnsignedStreams: Bool = false, recordingFlushInterval: Duration = .milliseconds(200),
                admission: CallAdmission = CallAdmission(maxCalls: 2_000, maxCallsPerOrg: 500), metrics: CallMetrics? = nil,
                liveCalls: LiveCallHub = LiveCallHub(), dialer: (any CallDialer)? = nil) {
        self.init(callProviders: { agent, _ in try providers(agent) }, blobs: blobs, allowUnsignedStreams: allowUnsignedStreams,
                  recordingFlushInterval: recordingFlushInterval, admission: admission, metrics: metrics,
                  liveCalls: liveCalls, dialer: dialer)
    }

    public init(callProviders: @escaping @Sendable (AgentConfiguration, CallContext) throws -> CallEngine.Providers,
                blobs: any BlobStore, allowUnsignedStreams: Bool = false, recordingFlushInterval: Duration = .milliseconds(200),
                admission: CallAdmission = CallAdmission(maxCalls: 2_000, maxCallsPerOrg: 500), metrics: CallMetrics? = nil,
                liveCalls: LiveCallHub = LiveCallHub(), dialer: (any CallDialer)? = nil) {
        self.providers = callProviders
        self.blobs = blobs
        self.allowUnsignedStreams = allowUnsignedStreams
        self.recordingFlushInterval = recordingFlushInterval
        self.admission = admission
        self.metrics = metrics
        self.liveCalls = liveCalls
        self.dialer = dialer
    }
}
