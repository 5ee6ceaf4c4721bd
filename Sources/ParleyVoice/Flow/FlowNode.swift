/// One node of a conversation graph. Decoded leniently (every field optional) so that
/// `FlowValidator` can report every problem with its path instead of the first decode error.
public struct FlowNode: Codable, Sendable, Equatable {
    public var id: String?
    /// One of `FlowNodeType`'s raw values.
    public var type: String?

    /// say: the text spoken. end/transfer: see `message`.
    public var text: String?
    /// say, ask (with a slot), tool (on success): the node that follows.
    public var next: String?

    /// ask: the question; `reprompt` is used instead when asking again (default: `prompt`).
    public var prompt: String?
    public var reprompt: String?
    /// ask: intents (and keypad keys) that leave this question, tried before global routes.
    public var routes: [FlowRoute]?
    /// ask: a value to capture; the node continues to `next` once it is valid.
    public var slot: FlowSlot?
    /// ask: overrides of the flow's no-match and no-input policies.
    public var noMatch: FlowRetryPolicy?
    public var noInput: FlowRetryPolicy?

    /// branch: tried in order; the first that holds picks the next node, else `otherwise`.
    public var conditions: [FlowCondition]?
    public var otherwise: String?

    /// tool: the tool name, its arguments (strings may hold `{{var}}` templates), text
    /// spoken while it runs, the variable its result is stored in and the failure path.
    public var name: String?
    public var arguments: JSONValue?
    public var filler: String?
    public var resultVariable: String?
    public var onFailure: String?

    /// transfer: where to (a phone number, SIP URI or queue name).
    public var target: String?
    /// transfer, end: said before leaving.
    public var message: String?
    /// end: why the call ended (default "completed").
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case id, type, text, next, prompt, reprompt, routes, slot, noMatch, noInput, conditions
        case otherwise = "else"
        case name, arguments, filler, resultVariable, onFailure, target, message, reason
    }

    public init(id: String, type: FlowNodeType) {
        self.id = id
        self.type = type.rawValue
    }

    public var nodeType: FlowNodeType? { type.flatMap(FlowNodeType.init(rawValue:)) }

    /// Every node id this node can lead to, with the field path naming it.
    func references() -> [(path: String, target: String)] {
        var result: [(String, String)] = []
        if let next { result.append(("next", next)) }
        for (index, route) in (routes ?? []).enumerated() {
            if let target = route.next { result.append(("routes[\(index)].next", target)) }
        }
        if let fallback = slot?.fallback { result.append(("slot.fallback", fallback)) }
        if let fallback = noMatch?.fallback { result.append(("noMatch.fallback", fallback)) }
        if let fallback = noInput?.fallback { result.append(("noInput.fallback", fallback)) }
        for (index, condition) in (conditions ?? []).enumerated() {
            if let target = condition.next { result.append(("conditions[\(index)].next", target)) }
        }
        if let otherwise { result.append(("else", otherwise)) }
        if let onFailure { result.append(("onFailure", onFailure)) }
        return result
    }
}

/// The kinds of flow node.
public enum FlowNodeType: String, Sendable, CaseIterable, Codable {
    case say, ask, branch, tool, transfer, end
}

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

/// What to do when the caller's answer matches nothing (`noMatch`) or when they say
/// nothing (`noInput`): say `message` and ask again, until the `max`-th time in a row at
/// one question, which goes to `fallback`.
public struct FlowRetryPolicy: Codable, Sendable, Equatable {
    public var message: String?
    public var max: Int?
    public var fallback: String?

    public init(message: String? = nil, max: Int? = nil, fallback: String? = nil) {
        self.message = message
        self.max = max
        self.fallback = fallback
    }
}
