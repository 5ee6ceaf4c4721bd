/// A named place an agent may hand the call to: the LLM's `transfer_call` offers the names,
/// flow `transfer` nodes may use a name instead of a literal destination.
public struct TransferTarget: Sendable, Equatable, Codable {
    /// Identifier the brain uses (`front_desk`): 1–64 of `a-z A-Z 0-9 _ -`, unique.
    public var name: String
    /// E.164 number (`+15551234567`) or SIP URI (`sip:desk@example.com`).
    public var destination: String
    /// When the model should pick this target (optional).
    public var description: String?

    public init(name: String, destination: String, description: String? = nil) {
        self.name = name
        self.destination = destination
        self.description = description
    }
}
