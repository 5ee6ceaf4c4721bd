import Foundation

/// Runs a `FlowDefinition` as a pure state machine: feed it `FlowInput`s, perform the
/// `FlowAction`s it returns. No I/O, no clock: `now` is given once at the start of the call.
/// Validate flows with `FlowValidator` first; at run time a broken reference ends the call
/// with reason "flow_error" instead of crashing.
public struct FlowRunner: Sendable {
    /// Where the runner is.
    public enum State: Sendable, Equatable {
        case notStarted
        /// Waiting for the caller at an `ask` node.
        case waitingForCaller(node: String)
        /// Waiting for `FlowInput.toolResult` with this call id.
        case waitingForTool(node: String, callID: String)
        /// The call was transferred or ended; further input is ignored.
        case finished
    }

    public let flow: FlowDefinition
    public internal(set) var state: State = .notStarted
    /// Current variables: flow defaults, then call-start values, then captured slots and tool results.
    public internal(set) var variables: [String: JSONValue]
    /// Slot values captured so far, by slot name.
    public internal(set) var slots: [String: JSONValue] = [:]
    /// The node the runner is at (the waiting `ask` or `tool`, or the last node run).
    public internal(set) var currentNodeID: String?

    let matcher: IntentMatcher
    let slotParser: SlotParser
    let nodeIndex: [String: Int]
    var noMatchCount = 0
    var noInputCount = 0
    var invalidSlotCount = 0
    var toolCallCounter = 0
    /// The question the flow is waiting on, as it would be asked again (its `reprompt`, else
    /// its `prompt`); the session can say it after answering an out-of-flow question such
    /// as "are you an AI?".
    public internal(set) var lastPrompt: String?

    /// Hard stop for a flow that loops without waiting (the validator rejects those).
    static let maximumStepsPerInput = 100

    /// - Parameters:
    ///   - variables: per-call values overriding the flow's defaults (caller number, name…).
    ///   - now: the call's start; "today"/"tomorrow" are computed from it in `timeZone`.
    public init(flow: FlowDefinition, variables: [String: JSONValue] = [:], now: Date, timeZone: TimeZone = .gmt) {
        self.flow = flow
        self.variables = (flow.variables ?? [:]).merging(variables) { _, given in given }
        self.matcher = IntentMatcher(intents: flow.intents ?? [])
        self.slotParser = SlotParser(today: CivilDate(now, timeZone: timeZone))
        var index: [String: Int] = [:]
        for (position, node) in flow.nodes.enumerated() {
            if let id = node.id, index[id] == nil { index[id] = position }
        }
        self.nodeIndex = index
    }

    /// Whether the call is over for the flow (transferred or ended).
    public var isFinished: Bool { state == .finished }

    /// Runs from the start node until the flow waits or finishes.
    public mutating func start() -> [FlowAction] {
        guard state == .notStarted else { return [] }
        guard let start = flow.start else { return finish(reason: "flow_error") }
        return run(from: start)
    }

    /// Feeds one event; returns what to do next.
    public mutating func receive(_ input: FlowInput) -> [FlowAction] {
        switch (state, input) {
        case (.waitingForCaller(let id), .utterance(let text)):
            guard let node = node(id) else { return finish(reason: "flow_error") }
            if TextNormalizer.tokens(text).isEmpty { return handleNoInput(at: node) }
            return handleUtterance(text, at: node)
        case (.waitingForCaller(let id), .dtmf(let keys)):
            guard let node = node(id) else { return finish(reason: "flow_error") }
            return handleDTMF(keys, at: node)
        case (.waitingForCaller(let id), .noInput):
            guard let node = node(id) else { return finish(reason: "flow_error") }
            return handleNoInput(at: node)
        case (.waitingForTool(let id, let expected), .toolResult(let callID, let result)) where callID == expected:
            guard let node = node(id) else { return finish(reason: "flow_error") }
            return handleToolResult(result, at: node)
        default:
            // Speech while a tool runs, stale tool results and input after the end are ignored.
            return []
        }
    }

    func node(_ id: String) -> FlowNode? {
        nodeIndex[id].map { flow.nodes[$0] }
    }

    func render(_ template: String) -> String {
        TemplateRenderer.render(template, variables: variables)
    }

    mutating func finish(reason: String, message: String? = nil) -> [FlowAction] {
        state = .finished
        return [.endCall(reason: reason, message: message)]
    }

    mutating func setVariable(_ name: String, _ value: JSONValue) -> FlowAction {
        variables[name] = value
        return .setVariable(name: name, value: value)
    }
}
