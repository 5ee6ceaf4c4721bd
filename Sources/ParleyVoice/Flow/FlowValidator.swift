import Foundation

/// Checks a flow before it runs and reports every problem, each with the path of the field.
/// Templates naming variables the flow does not define are errors: declare per-call
/// variables in `variables` with a default (even "") so a typo cannot go unnoticed.
/// Unreachable nodes are warnings; everything else is an error.
public enum FlowValidator {
    /// Decodes and validates; throws if the JSON is malformed or any error was found.
    public static func load(json: String, knownVariables: Set<String> = []) throws(FlowValidationError) -> FlowDefinition {
        let flow = try FlowDefinition.decode(json: Data(json.utf8))
        let problems = validate(flow, knownVariables: knownVariables)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw FlowValidationError(
                code: .invalidFlow,
                message: "flow has \(errors.count) error\(errors.count == 1 ? "" : "s")", problems: problems)
        }
        return flow
    }

    /// Every problem in `flow`. `knownVariables` are supplied from outside the flow
    /// (for example the agent configuration's variables).
    public static func validate(_ flow: FlowDefinition, knownVariables: Set<String> = []) -> [FlowProblem] {
        var problems: [FlowProblem] = []
        var ids: [String: Int] = [:]
        for (index, node) in flow.nodes.enumerated() {
            guard let id = node.id, !id.isEmpty else {
                problems.append(FlowProblem(.missingID, path: "nodes[\(index)].id", "node \(index) has no id"))
                continue
            }
            if let first = ids[id] {
                problems.append(FlowProblem(.duplicateID, path: "nodes[\(index)].id",
                                            "node id '\(id)' is already used by nodes[\(first)]"))
            } else {
                ids[id] = index
            }
        }
        if flow.nodes.isEmpty {
            problems.append(FlowProblem(.noNodes, path: "nodes", "the flow has no nodes"))
        }
        if let start = flow.start, !start.isEmpty {
            if ids[start] == nil {
                problems.append(FlowProblem(.unknownReference, path: "start", "start node '\(start)' does not exist"))
            }
        } else {
            problems.append(FlowProblem(.missingStart, path: "start", "the flow has no start node"))
        }
        func reference(_ target: String, _ path: String, from owner: String) {
            if ids[target] == nil {
                problems.append(FlowProblem(.unknownReference, path: path, "\(owner) points to unknown node '\(target)'"))
            }
        }
        if let fallback = flow.fallback { reference(fallback, "fallback", from: "the flow fallback") }
        if let target = flow.noMatch?.fallback { reference(target, "noMatch.fallback", from: "noMatch") }
        if let target = flow.noInput?.fallback { reference(target, "noInput.fallback", from: "noInput") }
        checkPolicy(flow.noMatch, path: "noMatch", into: &problems)
        checkPolicy(flow.noInput, path: "noInput", into: &problems)

        let intentNames = checkIntents(flow.intents ?? [], into: &problems)
        for (index, route) in (flow.globalRoutes ?? []).enumerated() {
            checkRoute(route, path: "globalRoutes[\(index)]", owner: "global route \(index)",
                       intents: intentNames, ids: ids, into: &problems)
        }

        let known = definedVariables(flow).union(knownVariables)
        for (index, node) in flow.nodes.enumerated() {
            let path = "nodes[\(index)]"
            let owner = "node '\(node.id ?? "#\(index)")'"
            checkNode(node, path: path, owner: owner, intents: intentNames, into: &problems)
            for (field, target) in node.references() { reference(target, "\(path).\(field)", from: owner) }
            for (index, route) in (node.routes ?? []).enumerated() {
                checkRoute(route, path: "\(path).routes[\(index)]", owner: owner, intents: intentNames, ids: [:],
                           into: &problems)
            }
            for (field, template) in FlowValidator.templates(of: node) {
                for variable in TemplateRenderer.variablePaths(in: template)
                where !known.contains(TemplateRenderer.rootName(of: variable)) {
                    problems.append(FlowProblem(.undefinedVariable, path: "\(path).\(field)",
                                                "\(owner) uses {{\(variable)}}, which is not defined in variables"))
                }
            }
            for (conditionIndex, condition) in (node.conditions ?? []).enumerated() {
                if let variable = condition.variable, !known.contains(TemplateRenderer.rootName(of: variable)) {
                    problems.append(FlowProblem(.undefinedVariable, path: "\(path).conditions[\(conditionIndex)].variable",
                                                "\(owner) tests '\(variable)', which is not defined in variables"))
                }
            }
        }
        for (field, template) in [("noMatch.message", flow.noMatch?.message), ("noInput.message", flow.noInput?.message)] {
            for variable in TemplateRenderer.variablePaths(in: template ?? "")
            where !known.contains(TemplateRenderer.rootName(of: variable)) {
                problems.append(FlowProblem(.undefinedVariable, path: field, "{{\(variable)}} is not defined in variables"))
            }
        }
        problems += FlowGraphAnalysis(flow: flow, ids: ids).problems()
        return problems
    }

    private static func checkPolicy(_ policy: FlowRetryPolicy?, path: String, into problems: inout [FlowProblem]) {
        if let max = policy?.max, max < 1 {
            problems.append(FlowProblem(.invalidValue, path: "\(path).max", "\(path).max must be at least 1"))
        }
    }

    private static func checkIntents(_ intents: [FlowIntent], into problems: inout [FlowProblem]) -> Set<String> {
        var names: Set<String> = []
        for (index, intent) in intents.enumerated() {
            let path = "intents[\(index)]"
            guard let name = intent.name, !name.isEmpty else {
                problems.append(FlowProblem(.missingField, path: "\(path).name", "intent \(index) has no name"))
                continue
            }
            if !names.insert(name).inserted {
                problems.append(FlowProblem(.duplicateIntent, path: "\(path).name", "intent '\(name)' is defined twice"))
            }
            let phrases = (intent.phrases ?? []) + (intent.examples ?? [])
            if phrases.isEmpty && (intent.patterns ?? []).isEmpty {
                problems.append(FlowProblem(.emptyIntent, path: path,
                                            "intent '\(name)' has no phrases, patterns or examples"))
            }
            for (field, list) in [("phrases", intent.phrases ?? []), ("examples", intent.examples ?? [])] {
                for (item, text) in list.enumerated() where TextNormalizer.tokens(text).isEmpty {
                    problems.append(FlowProblem(.emptyIntent, path: "\(path).\(field)[\(item)]",
                                                "intent '\(name)' has an empty entry in \(field)"))
                }
            }
            for (item, pattern) in (intent.patterns ?? []).enumerated() {
                do {
                    _ = try NSRegularExpression(pattern: pattern, options: [])
                } catch {
                    problems.append(FlowProblem(.invalidRegex, path: "\(path).patterns[\(item)]",
                                                "intent '\(name)' has an invalid regular expression '\(pattern)'"))
                }
            }
            if let threshold = intent.threshold, !(threshold > 0 && threshold <= 1) {
                problems.append(FlowProblem(.invalidValue, path: "\(path).threshold",
                                            "intent '\(name)' threshold must be greater than 0 and at most 1"))
            }
        }
        return names
    }

    private static func checkRoute(_ route: FlowRoute, path: String, owner: String, intents: Set<String>,
                                   ids: [String: Int], into problems: inout [FlowProblem]) {
        if route.intent == nil && route.dtmf == nil {
            problems.append(FlowProblem(.missingField, path: path, "\(owner): a route needs an intent or a dtmf key"))
        }
        if let intent = route.intent, !intents.contains(intent) {
            problems.append(FlowProblem(.unknownIntent, path: "\(path).intent", "\(owner) routes unknown intent '\(intent)'"))
        }
        if let action = route.action, action != "repeat" {
            problems.append(FlowProblem(.invalidValue, path: "\(path).action",
                                        "\(owner): unknown route action '\(action)' (only \"repeat\" exists)"))
        }
        if route.next == nil && route.action == nil {
            problems.append(FlowProblem(.missingField, path: "\(path).next", "\(owner): a route needs next or an action"))
        }
        // Global routes are not nodes, so their references are checked here.
        if !ids.isEmpty, let next = route.next, ids[next] == nil {
            problems.append(FlowProblem(.unknownReference, path: "\(path).next", "\(owner) points to unknown node '\(next)'"))
        }
    }

    private static func checkNode(_ node: FlowNode, path: String, owner: String, intents: Set<String>,
                                  into problems: inout [FlowProblem]) {
        func require(_ value: String?, _ field: String, _ what: String) {
            if value?.isEmpty ?? true {
                problems.append(FlowProblem(.missingField, path: "\(path).\(field)", "\(owner) needs \(what)"))
            }
        }
        guard let type = node.nodeType else {
            problems.append(FlowProblem(.unknownNodeType, path: "\(path).type",
                                        "\(owner) has unknown type '\(node.type ?? "")'; expected one of "
                                            + FlowNodeType.allCases.map(\.rawValue).joined(separator: ", ")))
            return
        }
        switch type {
        case .say:
            require(node.text, "text", "text to say")
            require(node.next, "next", "a next node")
        case .ask:
            require(node.prompt, "prompt", "a prompt")
            if let slot = node.slot {
                checkSlot(slot, path: "\(path).slot", owner: owner, into: &problems)
                require(node.next, "next", "a next node for after the slot is filled")
            } else if (node.routes ?? []).isEmpty {
                problems.append(FlowProblem(.missingField, path: "\(path).routes",
                                            "\(owner) needs routes or a slot, otherwise the caller can never leave it"))
            }
            checkPolicy(node.noMatch, path: "\(path).noMatch", into: &problems)
            checkPolicy(node.noInput, path: "\(path).noInput", into: &problems)
        case .branch:
            require(node.otherwise, "else", "an else node")
            for (index, condition) in (node.conditions ?? []).enumerated() {
                let conditionPath = "conditions[\(index)]"
                require(condition.variable, "\(conditionPath).variable", "a variable in condition \(index)")
                require(condition.next, "\(conditionPath).next", "a next node in condition \(index)")
                if condition.operatorCount != 1 {
                    problems.append(FlowProblem(.invalidValue, path: "\(path).\(conditionPath)",
                                                "\(owner): condition \(index) needs exactly one of equals, notEquals, in, exists, greaterThan, lessThan"))
                }
            }
        case .tool:
            require(node.name, "name", "a tool name")
            require(node.next, "next", "a next node")
        case .transfer:
            require(node.target, "target", "a transfer target")
        case .end:
            break
        }
    }

    private static func checkSlot(_ slot: FlowSlot, path: String, owner: String, into problems: inout [FlowProblem]) {
        if slot.name?.isEmpty ?? true {
            problems.append(FlowProblem(.missingField, path: "\(path).name", "\(owner): the slot needs a name"))
        }
        guard let type = slot.slotType else {
            problems.append(FlowProblem(.unknownSlotType, path: "\(path).type",
                                        "\(owner): unknown slot type '\(slot.type ?? "")'; expected one of "
                                            + SlotType.allCases.map(\.rawValue).joined(separator: ", ")))
            return
        }
        if type == .choice, slot.options?.isEmpty ?? true {
            problems.append(FlowProblem(.missingField, path: "\(path).options", "\(owner): a choice slot needs options"))
        }
        if let min = slot.minLength, let max = slot.maxLength, min > max {
            problems.append(FlowProblem(.invalidValue, path: "\(path).minLength", "\(owner): minLength is above maxLength"))
        }
        if let retries = slot.maxRetries, retries < 1 {
            problems.append(FlowProblem(.invalidValue, path: "\(path).maxRetries", "\(owner): maxRetries must be at least 1"))
        }
    }

    /// Variables the flow itself defines: defaults, slot names (and `<slot>_spoken`), tool results.
    static func definedVariables(_ flow: FlowDefinition) -> Set<String> {
        var names = Set((flow.variables ?? [:]).keys)
        for node in flow.nodes {
            if let slot = node.slot?.name { names.insert(slot); names.insert(slot + "_spoken") }
            if let result = node.resultVariable { names.insert(result) }
        }
        return names
    }

    static func templates(of node: FlowNode) -> [(String, String)] {
        var result: [(String, String)] = []
        let fields: [(String, String?)] = [
            ("text", node.text), ("prompt", node.prompt), ("reprompt", node.reprompt), ("filler", node.filler),
            ("target", node.target), ("message", node.message), ("slot.invalidMessage", node.slot?.invalidMessage),
            ("noMatch.message", node.noMatch?.message), ("noInput.message", node.noInput?.message),
        ]
        for (field, value) in fields { if let value { result.append((field, value)) } }
        if let arguments = node.arguments {
            for variable in TemplateRenderer.variablePaths(in: arguments) { result.append(("arguments", "{{\(variable)}}")) }
        }
        return result
    }
}
