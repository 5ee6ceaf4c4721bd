/// Recognises short acknowledgements ("uh-huh", "yeah", "okay") that must not
/// interrupt the agent.
public enum Backchannel {
    public static let defaultWords: Set<String> = [
        "yeah", "yes", "yep", "yup", "uh", "huh", "uh-huh", "uhhuh", "mhm", "mm", "mmhmm", "mm-hmm", "hmm",
        "hm", "ok", "okay", "right", "sure", "alright", "all", "got", "it", "i", "see", "cool", "great",
        "oh", "ah", "um", "er", "aha", "wow", "nice", "yes.", "really", "true", "exactly", "totally",
    ]

    /// True when `text` holds no words or only backchannel words.
    public static func isBackchannel(_ text: String, words: Set<String>) -> Bool {
        let tokens = TextNormalizer.words(text)
        return tokens.allSatisfy { words.contains($0) }
    }
}
