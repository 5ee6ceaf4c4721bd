/// A `branch` test on a variable (a dotted path). Exactly one operator must be given.
public struct FlowCondition: Codable, Sendable, Equatable {
    public var variable: String?
    public var equals: JSONValue?
    public var notEquals: JSONValue?
    public var oneOf: [JSONValue]?
    /// true: the variable is set and not null or empty; false: the opposite.
    public var exists: Bool?
    public var greaterThan: Double?
    public var lessThan: Double?
    public var next: String?

    enum CodingKeys: String, CodingKey {
        case variable, equals, notEquals, oneOf = "in", exists, greaterThan, lessThan, next
    }

    public init(variable: String, equals: JSONValue? = nil, exists: Bool? = nil, next: String) {
        self.variable = variable
        self.equals = equals
        self.exists = exists
        self.next = next
    }

    var operatorCount: Int {
        [equals != nil, notEquals != nil, oneOf != nil, exists != nil, greaterThan != nil, lessThan != nil]
            .filter { $0 }.count
    }

    /// Whether the condition holds for `value` (nil when the variable is unset).
    func holds(for value: JSONValue?) -> Bool {
        func same(_ a: JSONValue?, _ b: JSONValue) -> Bool {
            guard let a else { return b == .null }
            if a == b { return true }
            return a.text.lowercased() == b.text.lowercased() && !(a.text.isEmpty && b != .string(""))
        }
        if let equals { return same(value, equals) }
        if let notEquals { return !same(value, notEquals) }
        if let oneOf { return oneOf.contains { same(value, $0) } }
        if let exists {
            let isSet = value != nil && value != .null && value != .string("")
            return exists == isSet
        }
        let number = value?.numberValue ?? value.flatMap { Double($0.text) }
        if let greaterThan { return number.map { $0 > greaterThan } ?? false }
        if let lessThan { return number.map { $0 < lessThan } ?? false }
        return false
    }
}
