/// Receives what a call produces (transcript, telemetry, events, end).
/// Called on the call's frame loop; implementations must not block.
public protocol CallEngineObserver: AnyObject {
    func callEngine(transcript entry: TranscriptEntry)
    func callEngine(turn telemetry: TurnTelemetry)
    func callEngine(notice: CallSessionNotice)
    func callEngine(ended reason: String, transferTarget: String?)
    /// A barge-in was committed: drop agent audio the transport has queued but not
    /// played (Twilio `clear`). Frames are handed out one per caller frame, so at most
    /// the transport's jitter buffer is affected.
    func callEngineClearPlayback()
}

extension CallEngineObserver {
    public func callEngineClearPlayback() {}
}
