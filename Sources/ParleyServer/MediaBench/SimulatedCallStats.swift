/// What one simulated Twilio call observed, reported when its socket closes.
public struct SimulatedCallStats: Sendable {
    public var connected = false
    /// The server closed the socket before the caller sent `stop` (e.g. the agent hung up).
    public var closedByServer = false
    public var framesSent = 0
    /// Caller frames sent more than one frame (20 ms) after their due time: load generator lag.
    public var lateSends = 0
    public var maxSendLagMicros: Int64 = 0
    public var playout = PlayoutBuffer()
    public var clears = 0
    public var callerTurns = 0
    /// Turns where the agent never spoke within 10 s when it should have.
    public var stalledTurns = 0
    public var bargeIns = 0
    /// Barge-in onset (first caller speech frame sent) → last agent frame received after it.
    public var bargeInStopMillis: [Double] = []
    /// Barge-in onset → `clear` received.
    public var bargeInClearMillis: [Double] = []
    public var bargeInsWithoutClear = 0
    /// Media time covered by the call.
    public var durationMicros: Int64 = 0
    /// When the call's `start` was sent (same clock as the playout model).
    public var startedAt: Int64 = 0

    public init() {}

    /// Share of the call during which the agent's audio was arriving.
    public var agentShare: Double {
        durationMicros > 0 ? Double(playout.framesReceived) * 20_000 / Double(durationMicros) : 0
    }
}
