import Foundation

/// Scores utterances against intents; pure and deterministic.
public struct IntentMatcher: Sendable {
    struct Prepared: Sendable {
        var intent: FlowIntent
        var phrases: [[String]]
        var examples: [Set<String>]
    }

    private let prepared: [String: Prepared]

    public init(intents: [FlowIntent]) {
        var table: [String: Prepared] = [:]
        for intent in intents {
            guard let name = intent.name, table[name] == nil else { continue }
            let phrases = (intent.phrases ?? []).map(TextNormalizer.stemmedTokens).filter { !$0.isEmpty }
            let examples = (intent.examples ?? []).map(IntentMatcher.contentSet)
            table[name] = Prepared(intent: intent, phrases: phrases, examples: examples)
        }
        prepared = table
    }

    /// The best-scoring intent among `candidates` (in priority order; earlier wins ties).
    public func bestMatch(for utterance: String, among candidates: [String]) -> IntentMatch? {
        let tokens = TextNormalizer.stemmedTokens(utterance)
        guard !tokens.isEmpty else { return nil }
        var best: IntentMatch?
        for name in candidates {
            guard let match = score(name, utterance: utterance, tokens: tokens) else { continue }
            if let current = best, match.score <= current.score + 1e-9 { continue }
            best = match
        }
        return best
    }

    /// The score of one intent, or nil if it does not match.
    public func score(_ intent: String, utterance: String) -> IntentMatch? {
        score(intent, utterance: utterance, tokens: TextNormalizer.stemmedTokens(utterance))
    }

    private func score(_ name: String, utterance: String, tokens: [String]) -> IntentMatch? {
        guard let entry = prepared[name], !tokens.isEmpty else { return nil }
        var best: IntentMatch?
        func offer(_ score: Double, _ method: IntentMatch.Method) {
            if best == nil || score > best!.score + 1e-9 {
                best = IntentMatch(intent: name, score: score, method: method)
            }
        }
        for phrase in entry.phrases where IntentMatcher.contains(tokens, phrase) {
            offer(0.8 + 0.2 * min(1, Double(phrase.count) / Double(tokens.count)), .phrase)
        }
        if let coverage = IntentMatcher.patternCoverage(entry.intent.patterns ?? [], utterance: utterance) {
            offer(0.8 + 0.2 * coverage, .pattern)
        }
        if !entry.examples.isEmpty {
            let words = IntentMatcher.contentSet(tokens: tokens)
            let threshold = entry.intent.threshold ?? FlowIntent.defaultThreshold
            for example in entry.examples {
                let similarity = IntentMatcher.cosine(words, example)
                if similarity >= threshold { offer(0.95 * similarity, .example) }
            }
        }
        return best
    }

    static func contentSet(_ text: String) -> Set<String> {
        contentSet(tokens: TextNormalizer.stemmedTokens(text))
    }

    static func contentSet(tokens: [String]) -> Set<String> {
        let content = tokens.filter { !TextNormalizer.stopWords.contains($0) }
        return Set(content.isEmpty ? tokens : content)
    }

    static func cosine(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / (Double(a.count) * Double(b.count)).squareRoot()
    }

    static func contains(_ tokens: [String], _ phrase: [String]) -> Bool {
        guard phrase.count <= tokens.count else { return false }
        for start in 0...(tokens.count - phrase.count) where tokens[start] == phrase[0] {
            if Array(tokens[start..<(start + phrase.count)]) == phrase { return true }
        }
        return false
    }

    /// The largest fraction of the utterance covered by a matching pattern, or nil.
    static func patternCoverage(_ patterns: [String], utterance: String) -> Double? {
        guard !patterns.isEmpty else { return nil }
        let subjects = [utterance.lowercased(), TextNormalizer.normalized(utterance)]
        var best: Double?
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            for subject in subjects where !subject.isEmpty {
                let range = NSRange(subject.startIndex..., in: subject)
                if let match = regex.firstMatch(in: subject, options: [], range: range) {
                    let coverage = min(1, Double(match.range.length) / Double(max(range.length, 1)))
                    best = max(best ?? 0, coverage)
                }
            }
        }
        return best
    }
}
