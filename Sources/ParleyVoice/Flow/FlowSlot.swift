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
