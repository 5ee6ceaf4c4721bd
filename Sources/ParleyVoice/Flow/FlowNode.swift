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
