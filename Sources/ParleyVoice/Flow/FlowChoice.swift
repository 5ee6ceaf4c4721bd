/// One allowed value of a choice slot.
public struct FlowChoice: Codable, Sendable, Equatable {
    /// Stored value.
    public var value: String
    /// Other words or phrases that select it (the value itself always does).
    public var synonyms: [String]?
    /// Keypad key that selects it.
    public var dtmf: String?

    public init(value: String, synonyms: [String]? = nil, dtmf: String? = nil) {
        self.value = value
        self.synonyms = synonyms
        self.dtmf = dtmf
    }
}
