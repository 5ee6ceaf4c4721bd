/// The outcome of matching an utterance against one intent.
public struct IntentMatch: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case phrase, pattern, example, dtmf
    }

    public var intent: String
    /// 0…1; phrases and patterns score 0.8 plus up to 0.2 for how much of the utterance
    /// they cover, examples score 0.95 × similarity, DTMF scores 1.
    public var score: Double
    public var method: Method

    public init(intent: String, score: Double, method: Method) {
        self.intent = intent
        self.score = score
        self.method = method
    }
}
