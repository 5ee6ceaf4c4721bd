/// Plays a recorded caller through a `CallEngine` as a live call would: one
/// 20 ms frame at a time, in real time or faster.
///
/// In fast mode idle stretches are skipped, but while provider work is in
/// flight frames are paced in real time, so the latencies in the result (and
/// the silences in the recording) are the real ones.
public final class OfflineCallRunner: CallEngineObserver {
    private let engine: CallEngine
    private let realTime: Bool
    private let tailLimitMilliseconds: Int64
    private var transcript: [TranscriptEntry] = []
    private var turns: [TurnTelemetry] = []
    private var notices: [CallSessionNotice] = []
    private var endReason: String?
    private var transferTarget: String?
    /// Called with each transcript line as it happens (for live printing).
    public var onTranscript: ((TranscriptEntry) -> Void)?

    public init(engine: CallEngine, realTime: Bool, tailLimitMilliseconds: Int64 = 30_000) {
        self.engine = engine
        self.realTime = realTime
        self.tailLimitMilliseconds = tailLimitMilliseconds
    }

    /// Runs the call with `caller` (mono, at the engine's call rate) as the caller's audio.
    public func run(caller: [Int16]) async -> OfflineCallResult {
        let configuration = engine.session.configuration
        let frameSamples = configuration.frameSamples
        let step = configuration.frameMilliseconds
        let inputMilliseconds = Int64(caller.count) * 1000 / Int64(configuration.sampleRate)
        var callerFrame = [Int16](repeating: 0, count: frameSamples)
        var agentFrame = [Int16](repeating: 0, count: frameSamples)
        var stereo: [Int16] = []
        stereo.reserveCapacity(Int(inputMilliseconds + 5_000) * configuration.sampleRate / 500)
        let clock = ContinuousClock()
        var anchor: (instant: ContinuousClock.Instant, media: Int64)? = realTime ? (clock.now, 0) : nil
        var time: Int64 = 0
        var quietAfterInput: Int64 = 0

        engine.observer = self
        engine.start(at: .zero)
        while endReason == nil {
            if time >= inputMilliseconds {
                let busy = engine.hasWorkInFlight || engine.phase != .listening
                quietAfterInput = busy ? 0 : quietAfterInput + step
                if quietAfterInput > 500 || time - inputMilliseconds > tailLimitMilliseconds { break }
            }
            if realTime || engine.hasWorkInFlight {
                if anchor == nil { anchor = (clock.now, time) }
                if let anchor { try? await clock.sleep(until: anchor.instant.advanced(by: .milliseconds(time - anchor.media))) }
            } else {
                anchor = nil
                await Task.yield()
            }
            let start = Int(time) * configuration.sampleRate / 1000
            for index in 0..<frameSamples {
                callerFrame[index] = start + index < caller.count ? caller[start + index] : 0
            }
            let played = callerFrame.withUnsafeBufferPointer { input in
                agentFrame.withUnsafeMutableBufferPointer { output in
                    engine.processCallerFrame(input, at: MediaTime(milliseconds: time), agentFrame: output)
                }
            }
            for index in 0..<frameSamples {
                stereo.append(callerFrame[index])
                stereo.append(played ? agentFrame[index] : 0)
            }
            time += step
        }
        engine.shutdown()
        return OfflineCallResult(
            sampleRate: configuration.sampleRate, stereo: stereo, transcript: transcript, turns: turns,
            notices: notices, endReason: endReason ?? "end_of_input", transferTarget: transferTarget,
            durationMilliseconds: time)
    }

    public func callEngine(transcript entry: TranscriptEntry) {
        transcript.append(entry)
        onTranscript?(entry)
    }

    public func callEngine(turn telemetry: TurnTelemetry) {
        turns.append(telemetry)
    }

    public func callEngine(notice: CallSessionNotice) {
        notices.append(notice)
    }

    public func callEngine(ended reason: String, transferTarget: String?) {
        endReason = reason
        self.transferTarget = transferTarget
    }
}
