/// A parsed slot value: the canonical value stored in variables and a form to read back.
public struct SlotValue: Sendable, Equatable {
    public var value: JSONValue
    public var spoken: String

    public init(_ value: JSONValue, spoken: String) {
        self.value = value
        self.spoken = spoken
    }
}
