/// Twilio's side of agent playout, as a model: agent audio is played at 20 ms per frame from
/// a jitter buffer that starts playing once `bufferMicros` of audio time has passed since the
/// first frame of an utterance arrived. An underrun is a frame that arrives after the buffer
/// ran dry while the agent was mid-utterance — the caller would hear a gap.
///
/// A gap is a turn boundary, not an underrun, only when the caller spoke since the last agent
/// frame (`callerStartedSpeaking()`) or a `clear` emptied the buffer: the agent never starts a
/// new utterance on its own in the benchmark's script, so a stall of any length is counted.
public struct PlayoutBuffer: Sendable, Equatable {
    public let bufferMicros: Int64
    public let frameMicros: Int64
    /// When the first frame of the current run plays (nil: nothing is playing or queued).
    private var playStart: Int64?
    /// Frames queued since `playStart` (played or still buffered).
    private var queued: Int64 = 0
    private var turnBoundary = true
    public private(set) var underruns = 0
    /// Silence heard by the caller inside agent utterances.
    public private(set) var underrunMicros: Int64 = 0
    public private(set) var framesReceived = 0
    /// When the first underrun happened (same clock as `receive`).
    public private(set) var firstUnderrunAt: Int64?
    /// When each underrun happened (the first 64), to split ramp from steady state.
    public private(set) var underrunTimes: [Int64] = []

    public init(bufferMicros: Int64 = 60_000, frameMicros: Int64 = 20_000) {
        self.bufferMicros = bufferMicros
        self.frameMicros = frameMicros
    }

    /// `frames` of agent audio arrived at `now` (µs on any monotonic clock).
    public mutating func receive(frames: Int, at now: Int64) {
        framesReceived += frames
        defer { turnBoundary = false }
        if let start = playStart {
            let dryAt = start + queued * frameMicros
            if now <= dryAt {
                queued += Int64(frames)
                return
            }
            if !turnBoundary {
                if underruns == 0 { firstUnderrunAt = now }
                if underrunTimes.count < 64 { underrunTimes.append(now) }
                underruns += 1
                underrunMicros += now - dryAt
            }
        }
        playStart = now + bufferMicros
        queued = Int64(frames)
    }

    /// The caller began an utterance: the next gap in agent audio may be the end of a turn.
    public mutating func callerStartedSpeaking() {
        turnBoundary = true
    }

    /// `clear`: everything queued is dropped.
    public mutating func clear() {
        playStart = nil
        queued = 0
        turnBoundary = true
    }
}
