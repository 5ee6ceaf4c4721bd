/// How urgent a piece of speech work is, so shared speech engines serve what a
/// caller is waiting for first: transcripts and a reply's first sentence before
/// the later sentences of replies already playing.
public enum SpeechWorkPriority: Int, Sendable, Comparable {
    /// Nobody waits yet: later sentences of a reply that is already speaking.
    case background = 0
    /// A caller is waiting in silence.
    case interactive = 1

    /// The priority of the speech work started from the current task.
    @TaskLocal public static var current: SpeechWorkPriority = .interactive

    public static func < (lhs: SpeechWorkPriority, rhs: SpeechWorkPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
