/// A way out of an `ask` node: an intent or a keypad key leading to a node, or the
/// `repeat` action, which says the last question again.
public struct FlowRoute: Codable, Sendable, Equatable {
    public var intent: String?
    public var dtmf: String?
    public var next: String?
    /// "repeat" instead of `next`.
    public var action: String?

    public init(intent: String? = nil, dtmf: String? = nil, next: String? = nil, action: String? = nil) {
        self.intent = intent
        self.dtmf = dtmf
        self.next = next
        self.action = action
    }
}
