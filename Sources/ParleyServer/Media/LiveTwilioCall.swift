import ParleyCalls
import ParleyVoice

/// The state of a call on a media stream once `start` was accepted.
final class LiveTwilioCall {
    let record: CallRecord
    let engine: CallEngine
    let recorder: CallRecorder
    let recording: LiveRecording?
    let startedAt: Int64
    /// Media time of the latest caller frame (ms).
    var lastMediaTime: Int64 = 0
    private let flusher: Task<Void, Never>?

    init(record: CallRecord, engine: CallEngine, recorder: CallRecorder, recording: LiveRecording?, flushInterval: Duration, startedAt: Int64) {
        self.record = record
        self.engine = engine
        self.recorder = recorder
        self.recording = recording
        self.startedAt = startedAt
        flusher = recording.map { recording in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: flushInterval)
                    await recording.flush()
                }
            }
        }
    }

    func stopFlushing() {
        flusher?.cancel()
    }
}
