/// How long to wait after the caller stops speaking before answering.
public struct EndpointingSettings: Sendable, Equatable, Codable {
    /// Silence that ends a turn whose transcript looks complete (ends a sentence); default 300 ms.
    public var minSilenceMs: Int
    /// Silence that ends a turn whose transcript looks unfinished ("I'd like to…"); default 1500 ms.
    public var maxSilenceMs: Int

    public static let `default` = EndpointingSettings(minSilenceMs: 300, maxSilenceMs: 1500)

    public init(minSilenceMs: Int, maxSilenceMs: Int) {
        self.minSilenceMs = minSilenceMs
        self.maxSilenceMs = maxSilenceMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minSilenceMs = try container.decodeIfPresent(Int.self, forKey: .minSilenceMs) ?? EndpointingSettings.default.minSilenceMs
        maxSilenceMs = try container.decodeIfPresent(Int.self, forKey: .maxSilenceMs) ?? EndpointingSettings.default.maxSilenceMs
    }

    /// The silence that should end the caller's turn after this (interim or final)
    /// transcript: `minSilenceMs` when it looks complete, `maxSilenceMs` when it trails off
    /// ("I'd like to book for…", "and", "um", a trailing comma).
    public func requiredSilenceMs(after transcript: String) -> Int {
        EndpointingSettings.looksComplete(transcript) ? minSilenceMs : maxSilenceMs
    }

    static let trailingWords: Set<String> = [
        "and", "but", "or", "so", "because", "cause", "the", "a", "an", "to", "for", "of", "with", "um", "uh",
        "er", "erm", "like", "my", "your", "our", "is", "are", "at", "on", "in", "i", "we", "then", "if",
        "that", "which", "from", "about", "maybe", "was", "would", "could", "can", "will", "just",
    ]

    /// Whether a transcript reads as a finished turn. Unpunctuated text counts as finished
    /// unless its last word usually continues a sentence.
    public static func looksComplete(_ transcript: String) -> Bool {
        var text = Substring(transcript)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard let last = text.last else { return false }
        if last == "," || last == "-" || last == "\u{2014}" || text.hasSuffix("...") || text.hasSuffix("\u{2026}") {
            return false
        }
        guard let lastWord = TextNormalizer.rawTokens(String(text)).last else { return true }
        return !trailingWords.contains(lastWord)
    }
}
