/// Barge-in: whether and when caller speech interrupts the agent.
public struct InterruptionSettings: Sendable, Equatable, Codable {
    /// Whether the caller can interrupt at all (default true).
    public var enabled: Bool
    /// Speech shorter than this never interrupts (default 120 ms).
    public var minSpeechMs: Int
    /// Utterances made only of these words are backchannels ("uh-huh") and never interrupt.
    public var backchannelWords: [String]

    public static let defaultBackchannelWords = [
        "yeah", "uh-huh", "right", "okay", "mm-hmm", "ok", "yes", "sure", "mhm", "hmm", "uh", "um",
        "got it", "i see", "alright",
    ]
    public static let `default` = InterruptionSettings(
        enabled: true, minSpeechMs: 120, backchannelWords: defaultBackchannelWords)

    public init(enabled: Bool, minSpeechMs: Int, backchannelWords: [String]) {
        self.enabled = enabled
        self.minSpeechMs = minSpeechMs
        self.backchannelWords = backchannelWords
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = InterruptionSettings.default
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? defaults.enabled
        minSpeechMs = try container.decodeIfPresent(Int.self, forKey: .minSpeechMs) ?? defaults.minSpeechMs
        backchannelWords = try container.decodeIfPresent([String].self, forKey: .backchannelWords)
            ?? defaults.backchannelWords
    }

    /// Whether `utterance` is only backchannel words ("yeah", "uh huh, right").
    public func isBackchannel(_ utterance: String) -> Bool {
        var tokens = TextNormalizer.tokens(utterance)
        guard !tokens.isEmpty else { return false }
        let phrases = backchannelWords.map(TextNormalizer.tokens).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        while !tokens.isEmpty {
            guard let phrase = phrases.first(where: { tokens.starts(with: $0) }) else { return false }
            tokens.removeFirst(phrase.count)
        }
        return true
    }

    /// Whether caller speech of this length (and transcript so far, if any) should stop
    /// the agent talking: interruptions enabled, long enough, and not only backchannel.
    public func allowsInterruption(speechMs: Int, transcript: String?) -> Bool {
        guard enabled, speechMs >= minSpeechMs else { return false }
        if let transcript, isBackchannel(transcript) { return false }
        return true
    }
}
