import ParleyVoice

/// What live listeners of a call see as it happens.
public enum CallUpdate: Sendable, Equatable {
    case transcript(TranscriptEntry)
    case event(CallEventRecord)
    case turn(TurnTelemetry)
    case ended(reason: String)
}
