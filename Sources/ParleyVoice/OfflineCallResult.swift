/// Everything an offline call produced.
public struct OfflineCallResult: Sendable {
    public var sampleRate: Int
    /// Interleaved stereo PCM16: caller left, agent right.
    public var stereo: [Int16]
    public var transcript: [TranscriptEntry]
    public var turns: [TurnTelemetry]
    public var notices: [CallSessionNotice]
    /// Why the call ended (`end_of_input` when the caller audio simply ran out).
    public var endReason: String
    public var transferTarget: String?
    public var durationMilliseconds: Int64
}
