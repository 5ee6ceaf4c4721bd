import ParleyVoice

/// Everything a finished call produced, written in one transaction at hang-up
/// (never on the frame path).
public struct CallOutcome: Sendable {
    public var endReason: String
    public var transferTarget: String?
    public var endedAt: Int64
    public var durationMilliseconds: Int64
    public var transcript: [TranscriptEntry]
    public var events: [CallEventRecord]
    public var turns: [TurnTelemetry]
    /// Plaintext bytes of the finished recording (nil: not recorded).
    public var recordingBytes: Int64?

    public init(endReason: String, transferTarget: String? = nil, endedAt: Int64, durationMilliseconds: Int64,
                transcript: [TranscriptEntry] = [], events: [CallEventRecord] = [], turns: [TurnTelemetry] = [],
                recordingBytes: Int64? = nil) {
        self.endReason = endReason
        self.transferTarget = transferTarget
        self.endedAt = endedAt
        self.durationMilliseconds = durationMilliseconds
        self.transcript = transcript
        self.events = events
        self.turns = turns
        self.recordingBytes = recordingBytes
    }
}
