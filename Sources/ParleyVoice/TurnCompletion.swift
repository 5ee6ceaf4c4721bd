/// Judges from the words alone whether a caller's turn looks finished.
///
/// A final from the recogniser ending in terminal punctuation, and not in a
/// word that announces more ("and", "because", "um"), looks complete; the
/// session then ends the turn after the short endpoint silence instead of the
/// long one.
public enum TurnCompletion {
    static let continuationWords: Set<String> = [
        "and", "but", "or", "so", "because", "um", "uh", "er", "the", "a", "an", "to", "of", "with",
        "for", "my", "your", "is", "was", "if", "then", "like", "that", "which", "i", "i'm", "we",
        "at", "on", "in", "about", "maybe", "also", "well",
    ]

    public static func looksComplete(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        guard let last = trimmed.last else { return false }
        guard let lastWord = TextNormalizer.words(trimmed).last else { return false }
        if continuationWords.contains(lastWord) { return false }
        return last == "." || last == "?" || last == "!"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
