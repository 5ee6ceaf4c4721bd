/// A value an `ask` node captures from the caller.
public struct FlowSlot: Codable, Sendable, Equatable {
    /// Variable the value is stored in (plus `<name>_spoken`, a form to read back).
    public var name: String?
    /// One of `SlotType`'s raw values.
    public var type: String?
    /// digits, text: length bounds. number: `min`/`max` bound the value.
    public var minLength: Int?
    public var maxLength: Int?
    public var min: Double?
    public var max: Double?
    /// choice: the allowed values.
    public var options: [FlowChoice]?
    /// Said when the answer does not parse or validate; default "Sorry, I didn't get that."
    public var invalidMessage: String?
    /// The invalid answer that sends the call to `fallback` (default 3).
    public var maxRetries: Int?
    /// Node taken after `maxRetries` invalid answers; default the flow's `fallback`.
    public var fallback: String?

    public init(name: String, type: SlotType, options: [FlowChoice]? = nil) {
        self.name = name
        self.type = type.rawValue
        self.options = options
    }

    public var slotType: SlotType? { type.flatMap(SlotType.init(rawValue:)) }
}

/// The kinds of value a slot can capture.
public enum SlotType: String, Sendable, CaseIterable, Codable {
    case number, digits, yesNo = "yesno", date, time, email, phone, text, choice
    /// A person's name: free text without lead-ins ("my name is", "it's"), words capitalised.
    case name
}

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
