import Foundation

/// Turns speech-recognition output and authored phrases into comparable tokens:
/// lowercased, accents folded, contractions expanded, punctuation dropped, letters and
/// digits split apart (`3pm` → `3 pm`) and spoken numbers turned into digits
/// (`twenty three` → `23`), so "press one" and "press 1" compare equal.
public enum TextNormalizer {
    /// Normalised tokens of `text`.
    public static func tokens(_ text: String) -> [String] {
        SpokenNumbers.digitize(rawTokens(text))
    }

    /// Normalised, lightly stemmed tokens (`bookings` → `book`, `closed` → `clos`).
    public static func stemmedTokens(_ text: String) -> [String] {
        tokens(text).map(stem)
    }

    /// The normalised tokens joined by single spaces.
    public static func normalized(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// Lowercased words and digit runs with contractions expanded, before number folding.
    static func rawTokens(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'")
        var words: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            words.append(contentsOf: expand(current))
            current = ""
        }
        for character in folded {
            if character.isLetter || character == "'" {
                if let last = current.last, last.isNumber { flush() }
                current.append(character)
            } else if character.isNumber, character.isASCII {
                if let last = current.last, !last.isNumber { flush() }
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    private static let contractions: [String: [String]] = [
        "i'm": ["i", "am"], "i'd": ["i", "would"], "i'll": ["i", "will"], "i've": ["i", "have"],
        "you're": ["you", "are"], "we're": ["we", "are"], "they're": ["they", "are"],
        "it's": ["it", "is"], "that's": ["that", "is"], "what's": ["what", "is"],
        "when's": ["when", "is"], "where's": ["where", "is"], "who's": ["who", "is"],
        "how's": ["how", "is"], "there's": ["there", "is"], "let's": ["let", "us"],
        "can't": ["can", "not"], "won't": ["will", "not"], "o'clock": ["oclock"],
    ]

    private static func expand(_ word: String) -> [String] {
        var word = word
        while word.hasPrefix("'") { word.removeFirst() }
        while word.hasSuffix("'") { word.removeLast() }
        guard !word.isEmpty else { return [] }
        if let expansion = contractions[word] { return expansion }
        if word.hasSuffix("n't") { return [String(word.dropLast(3)), "not"] }
        if word.hasSuffix("'s") { return [String(word.dropLast(2))] }
        return [word.replacingOccurrences(of: "'", with: "")]
    }

    /// A deliberately light suffix stripper: enough for "booking"/"book", "opens"/"open",
    /// "closed"/"close"; applied the same way to both sides of every comparison.
    public static func stem(_ token: String) -> String {
        guard token.count > 3, token.first?.isLetter == true else { return token }
        var word = token
        if word.hasSuffix("ies"), word.count > 4 {
            word = String(word.dropLast(3)) + "y"
        } else if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            word.removeLast()
        }
        if word.hasSuffix("ing"), word.count > 5 {
            word.removeLast(3)
        } else if word.hasSuffix("ed"), word.count > 4 {
            word.removeLast(2)
        }
        if word.hasSuffix("e"), word.count > 3 { word.removeLast() }
        return word
    }

    /// Words that carry little meaning when comparing an utterance with example sentences.
    static let stopWords: Set<String> = [
        "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "to", "for", "of", "on", "in",
        "at", "it", "is", "am", "are", "be", "do", "does", "can", "could", "would", "will", "should",
        "like", "want", "please", "um", "uh", "er", "so", "just", "and", "or", "that", "this",
        "there", "hi", "hello", "hey", "well", "oh", "okay", "ok", "yeah", "some", "with", "about",
        "need", "id", "im", "get", "have", "has", "was", "if", "any", "thank", "thanks",
    ]
}
