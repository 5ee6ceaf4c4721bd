import ParleyVoice

/// Collects what a live call produces, on the call's frame loop: transcript lines,
/// events, turn latencies, the end, and the recording frames (spooled, no I/O).
/// The transport writes it all with `CallRepository.finish` after hang-up.
public final class CallRecorder: CallEngineObserver {
    public let spool: RecordingSpool?
    public private(set) var transcript: [TranscriptEntry] = []
    public private(set) var events: [CallEventRecord] = []
    public private(set) var turns: [TurnTelemetry] = []
    public private(set) var endReason: String?
    public private(set) var transferTarget: String?
    /// Set when a barge-in was committed; the transport sends its `clear` and resets it.
    public var clearRequested = false
    /// Live listeners (event stream, dashboards); called on the frame loop, must not block.
    public var onUpdate: ((CallUpdate) -> Void)?

    public init(spool: RecordingSpool?) {
        self.spool = spool
        transcript.reserveCapacity(64)
        events.reserveCapacity(64)
    }

    /// One frame of the conversation for the recording.
    public func recordFrame(caller: UnsafeBufferPointer<Int16>, agent: UnsafeBufferPointer<Int16>?) {
        spool?.append(caller: caller, agent: agent)
    }

    /// A transport-level event (keypad digit from the carrier, a protocol error).
    public func note(_ event: CallEventRecord) {
        events.append(event)
        onUpdate?(.event(event))
    }

    public func callEngine(transcript entry: TranscriptEntry) {
        transcript.append(entry)
        onUpdate?(.transcript(entry))
    }

    public func callEngine(turn telemetry: TurnTelemetry) {
        turns.append(telemetry)
        onUpdate?(.turn(telemetry))
    }

    public func callEngine(notice: CallSessionNotice) {
        let event = CallEventRecord(notice)
        events.append(event)
        onUpdate?(.event(event))
    }

    public func callEngine(ended reason: String, transferTarget: String?) {
        guard endReason == nil else { return }
        endReason = reason
        self.transferTarget = transferTarget
        if transferTarget != nil {
            events.append(CallEventRecord(atMilliseconds: events.last?.atMilliseconds ?? 0, kind: "transfer"))
        }
        onUpdate?(.ended(reason: reason))
    }

    public func callEngineClearPlayback() {
        clearRequested = true
    }

    /// The record to store once the call is over (`reason` when the engine didn't end it).
    public func outcome(endedAt: Int64, durationMilliseconds: Int64, fallbackReason: String, recordingBytes: Int64?) -> CallOutcome {
        CallOutcome(endReason: endReason ?? fallbackReason, transferTarget: transferTarget, endedAt: endedAt,
                    durationMilliseconds: durationMilliseconds, transcript: transcript, events: events, turns: turns,
                    recordingBytes: recordingBytes)
    }
}
