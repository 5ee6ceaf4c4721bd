/// Speech starting or ending, as decided by a `VoiceActivityDebouncer`.
public struct VoiceActivityEvent: Sendable, Hashable {
    /// Which edge.
    public enum Kind: Sendable, Hashable {
        /// Speech began at `frameIndex`.
        case speechStarted
        /// Speech ended at `frameIndex` (the first frame no longer speech).
        case speechEnded
    }

    /// Which edge.
    public var kind: Kind
    /// The frame where the edge lies, counted from 0 since the detector was created or reset.
    ///
    /// The edge is back-dated: a start is reported `minimumSpeech` after the frame it names, an
    /// end `hangover` after.
    public var frameIndex: Int
    /// The edge's position in samples since the detector was created or reset (`frameIndex × frameLength`).
    public var sample: Int

    /// An event of `kind` at `frameIndex` (`sample` = `frameIndex × frameLength`).
    public init(kind: Kind, frameIndex: Int, sample: Int) {
        self.kind = kind
        self.frameIndex = frameIndex
        self.sample = sample
    }
}
