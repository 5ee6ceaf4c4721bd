/// Cuts streamed brain text into sentences, so speech synthesis can start on
/// the first sentence while the rest is still being generated.
public struct SentenceSplitter: Sendable {
    private var pending = ""
    /// Sentences longer than this are cut at the last comma or space.
    public var maximumLength: Int
    /// A first sentence longer than this is cut at its first clause break
    /// (comma, semicolon, colon), so the reply's first audio comes sooner.
    public var firstClauseLength: Int
    private var emitted = 0

    public init(maximumLength: Int = 240, firstClauseLength: Int = 60) {
        self.maximumLength = maximumLength
        self.firstClauseLength = firstClauseLength
    }

    /// Adds text and returns the sentences it completed.
    public mutating func append(_ text: String) -> [String] {
        pending += text
        var sentences: [String] = []
        while let cut = nextCut() {
            let sentence = String(pending[..<cut]).trimmingWhitespace()
            pending = String(pending[cut...])
            if !sentence.isEmpty {
                sentences.append(sentence)
                emitted += 1
            }
        }
        return sentences
    }

    /// Returns whatever text is left as a last sentence.
    public mutating func flush() -> String? {
        let rest = pending.trimmingWhitespace()
        pending = ""
        return rest.isEmpty ? nil : rest
    }

    private func nextCut() -> String.Index? {
        var index = pending.startIndex
        var count = 0
        var firstClause: String.Index?
        while index < pending.endIndex {
            let character = pending[index]
            let next = pending.index(after: index)
            count += 1
            if emitted == 0, firstClause == nil, count >= 12, character == "," || character == ";" || character == ":",
               next < pending.endIndex, pending[next].isWhitespace {
                firstClause = next
            }
            if let clause = firstClause, count > firstClauseLength { return clause }
            if character == "." || character == "!" || character == "?" || character == "\n" {
                // A terminator ends a sentence when followed by whitespace, and the
                // sentence is not a lone abbreviation ("Dr." / "St.").
                if next < pending.endIndex, pending[next].isWhitespace, count >= 4 {
                    return next
                }
            }
            if count >= maximumLength {
                return lastBreak(before: next) ?? next
            }
            index = next
        }
        return nil
    }

    private func lastBreak(before end: String.Index) -> String.Index? {
        let head = pending[..<end]
        if let comma = head.lastIndex(of: ",") { return pending.index(after: comma) }
        if let space = head.lastIndex(of: " ") { return space }
        return nil
    }
}
