/// A named intent: what a caller means, recognised from phrases, regular expressions or
/// example sentences. At least one of the three must be non-empty.
public struct FlowIntent: Codable, Sendable, Equatable {
    /// Unique name routes refer to.
    public var name: String?
    /// Keywords or phrases; matched as whole normalised, stemmed words anywhere in the utterance.
    public var phrases: [String]?
    /// Regular expressions (ICU syntax), tried on the lowercased utterance and on its normalised form.
    public var patterns: [String]?
    /// Example sentences; matched by token-overlap similarity.
    public var examples: [String]?
    /// Minimum similarity (0…1] for an example match; default 0.6.
    public var threshold: Double?

    public init(name: String, phrases: [String]? = nil, patterns: [String]? = nil,
                examples: [String]? = nil, threshold: Double? = nil) {
        self.name = name
        self.phrases = phrases
        self.patterns = patterns
        self.examples = examples
        self.threshold = threshold
    }

    /// Default similarity threshold for example sentences.
    public static let defaultThreshold = 0.6
}
