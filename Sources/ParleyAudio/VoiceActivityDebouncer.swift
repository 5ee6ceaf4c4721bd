/// Turns per-frame speech probabilities into a stable speech / no-speech decision with start and
/// end events: a pure state machine, usable with any probability source.
///
/// Silence → speech when `onsetFrames` consecutive frames reach `onsetThreshold`; the start event
/// names the first of them. Speech → silence when `hangoverFrames` consecutive frames fall below
/// `offsetThreshold`; the end event names the first of them. Frames between the two thresholds
/// keep the current state (hysteresis) and break a run of quiet frames.
public struct VoiceActivityDebouncer: Sendable, Hashable {
    /// Probability at or above which a frame counts towards a start.
    public let onsetThreshold: Float
    /// Probability below which a frame counts towards an end.
    public let offsetThreshold: Float
    /// Consecutive likely frames needed to start speech (at least 1).
    public let onsetFrames: Int
    /// Consecutive unlikely frames needed to end speech (at least 1).
    public let hangoverFrames: Int
    /// Samples per frame, for the events' `sample` positions.
    public let frameLength: Int

    /// Whether the last frame was speech.
    public private(set) var isSpeech = false
    private var frameIndex = 0
    private var runStart = 0
    private var runLength = 0

    /// A debouncer; thresholds must satisfy 0 < offset ≤ onset ≤ 1 (a programming error otherwise).
    public init(onsetThreshold: Float, offsetThreshold: Float, onsetFrames: Int, hangoverFrames: Int, frameLength: Int) {
        precondition(offsetThreshold > 0 && offsetThreshold <= onsetThreshold && onsetThreshold <= 1, "VoiceActivityDebouncer: bad thresholds")
        self.onsetThreshold = onsetThreshold
        self.offsetThreshold = offsetThreshold
        self.onsetFrames = max(1, onsetFrames)
        self.hangoverFrames = max(1, hangoverFrames)
        self.frameLength = frameLength
    }

    /// Takes the next frame's probability; returns the event it confirms, if any.
    public mutating func receive(probability: Float) -> VoiceActivityEvent? {
        let index = frameIndex
        frameIndex += 1
        let counts = isSpeech ? probability < offsetThreshold : probability >= onsetThreshold
        guard counts else {
            runLength = 0
            return nil
        }
        if runLength == 0 { runStart = index }
        runLength += 1
        guard runLength >= (isSpeech ? hangoverFrames : onsetFrames) else { return nil }
        isSpeech.toggle()
        runLength = 0
        return VoiceActivityEvent(kind: isSpeech ? .speechStarted : .speechEnded, frameIndex: runStart, sample: runStart * frameLength)
    }

    /// Back to silence at frame 0.
    public mutating func reset() {
        (isSpeech, frameIndex, runStart, runLength) = (false, 0, 0, 0)
    }
}
