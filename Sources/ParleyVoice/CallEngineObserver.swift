/// Receives what a call produces (transcript, telemetry, events, end).
/// Called on the call's frame loop; implementations must not block.
public protocol CallEngineObserver: AnyObject {
    func callEngine(transcript entry: TranscriptEntry)
    func callEngine(turn telemetry: TurnTelemetry)
    func callEngine(notice: CallSessionNotice)
    func callEngine(ended reason: String, transferTarget: String?)
}
