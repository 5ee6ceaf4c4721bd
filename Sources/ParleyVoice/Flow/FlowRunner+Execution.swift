/// Node execution and input handling for `FlowRunner`.
extension FlowRunner {
    /// Slot types filled from an answer that led to the question ("book for tuesday at
    /// 3 pm" fills day and time). Yes/no, numbers and free text are never pre-filled:
    /// they would capture words meant for something else.
    static let prefillableSlots: Set<SlotType> = [.date, .time, .email, .phone, .choice]

    /// Runs nodes from `id` until one waits or the call finishes.
    mutating func run(from id: String, carrying utterance: String? = nil) -> [FlowAction] {
        var actions: [FlowAction] = []
        var nextID: String? = id
        var steps = 0
        while let current = nextID {
            steps += 1
            guard steps <= FlowRunner.maximumStepsPerInput, let node = node(current), let type = node.nodeType else {
                return actions + finish(reason: "flow_error")
            }
            currentNodeID = current
            switch type {
            case .say:
                let text = render(node.text ?? "")
                if !text.isEmpty { actions.append(.say(text)) }
                nextID = node.next
            case .ask:
                if let utterance, let slot = node.slot, let slotType = slot.slotType,
                   FlowRunner.prefillableSlots.contains(slotType), let value = slotParser.parse(utterance, as: slot) {
                    actions += capture(value, slot: slot)
                    nextID = node.next
                    continue
                }
                noMatchCount = 0
                noInputCount = 0
                invalidSlotCount = 0
                let prompt = render(node.prompt ?? "")
                lastPrompt = render(node.reprompt ?? node.prompt ?? "")
                if !prompt.isEmpty { actions.append(.say(prompt)) }
                actions.append(.listen)
                state = .waitingForCaller(node: current)
                return actions
            case .branch:
                let chosen = (node.conditions ?? []).first { condition in
                    condition.holds(for: condition.variable.flatMap { TemplateRenderer.lookup($0, in: variables) })
                }
                nextID = chosen?.next ?? node.otherwise
            case .tool:
                toolCallCounter += 1
                let callID = "\(current)-\(toolCallCounter)"
                let arguments = TemplateRenderer.render(node.arguments ?? .object([:]), variables: variables)
                let filler = node.filler.map { render($0) }.flatMap { $0.isEmpty ? nil : $0 }
                actions.append(.callTool(callID: callID, name: node.name ?? "", arguments: arguments, filler: filler))
                state = .waitingForTool(node: current, callID: callID)
                return actions
            case .transfer:
                state = .finished
                actions.append(.transfer(target: render(node.target ?? ""), message: optionalText(node.message)))
                return actions
            case .end:
                state = .finished
                actions.append(.endCall(reason: node.reason ?? "completed", message: optionalText(node.message)))
                return actions
            }
        }
        return actions + finish(reason: "flow_error")
    }

    private func optionalText(_ template: String?) -> String? {
        guard let template else { return nil }
        let text = render(template)
        return text.isEmpty ? nil : text
    }

    /// Routes with an intent, the node's own first; the first route per intent wins.
    private func intentRoutes(at node: FlowNode) -> (names: [String], routes: [String: FlowRoute]) {
        var names: [String] = []
        var routes: [String: FlowRoute] = [:]
        for route in (node.routes ?? []) + (flow.globalRoutes ?? []) {
            guard let intent = route.intent, routes[intent] == nil else { continue }
            names.append(intent)
            routes[intent] = route
        }
        return (names, routes)
    }

    mutating func handleUtterance(_ text: String, at node: FlowNode) -> [FlowAction] {
        let slot = node.slot
        let isFreeText = slot?.slotType == .text || slot?.slotType == .name
        if let slot, !isFreeText, let value = slotParser.parse(text, as: slot) {
            return capture(value, slot: slot) + run(from: node.next ?? "", carrying: text)
        }
        let (names, routes) = intentRoutes(at: node)
        if let match = matcher.bestMatch(for: text, among: names), let route = routes[match.intent] {
            let trace = FlowAction.matched(intent: match.intent, score: match.score, method: match.method,
                                           node: node.id ?? "")
            return [trace] + take(route, at: node, carrying: text)
        }
        if let slot, isFreeText, let value = slotParser.parse(text, as: slot) {
            return capture(value, slot: slot) + run(from: node.next ?? "", carrying: text)
        }
        return slot == nil ? handleNoMatch(at: node) : handleInvalidSlot(at: node)
    }

    mutating func handleDTMF(_ rawKeys: String, at node: FlowNode) -> [FlowAction] {
        let keys = rawKeys.hasSuffix("#") ? String(rawKeys.dropLast()) : rawKeys
        for route in (node.routes ?? []) + (flow.globalRoutes ?? []) where route.dtmf == keys && !keys.isEmpty {
            let trace = FlowAction.matched(intent: route.intent ?? "dtmf:\(keys)", score: 1, method: .dtmf,
                                           node: node.id ?? "")
            return [trace] + take(route, at: node, carrying: nil)
        }
        if let slot = node.slot {
            if let value = slotParser.parse(dtmf: keys, as: slot) {
                return capture(value, slot: slot) + run(from: node.next ?? "")
            }
            return handleInvalidSlot(at: node)
        }
        return handleNoMatch(at: node)
    }

    private mutating func take(_ route: FlowRoute, at node: FlowNode, carrying utterance: String?) -> [FlowAction] {
        if route.action == "repeat" {
            return [.say(lastPrompt ?? render(node.prompt ?? "")), .listen]
        }
        return run(from: route.next ?? "", carrying: utterance)
    }

    private mutating func capture(_ value: SlotValue, slot: FlowSlot) -> [FlowAction] {
        let name = slot.name ?? ""
        slots[name] = value.value
        variables[name + "_spoken"] = .string(value.spoken)
        return [setVariable(name, value.value)]
    }

    private mutating func retry(_ message: String, at node: FlowNode) -> [FlowAction] {
        let reprompt = lastPrompt ?? render(node.prompt ?? "")
        let text = [render(message), reprompt].filter { !$0.isEmpty }.joined(separator: " ")
        return (text.isEmpty ? [] : [.say(text)]) + [.listen]
    }

    private mutating func fallBack(to target: String?, reason: String) -> [FlowAction] {
        guard let target else { return finish(reason: reason) }
        return run(from: target)
    }

    mutating func handleNoMatch(at node: FlowNode) -> [FlowAction] {
        noMatchCount += 1
        let trace = FlowAction.noMatch(node: node.id ?? "", count: noMatchCount)
        if noMatchCount >= (node.noMatch?.max ?? flow.noMatch?.max ?? 3) {
            let target = node.noMatch?.fallback ?? flow.noMatch?.fallback ?? flow.fallback
            return [trace] + fallBack(to: target, reason: "no_match")
        }
        let message = node.noMatch?.message ?? flow.noMatch?.message ?? "Sorry, I didn't catch that."
        return [trace] + retry(message, at: node)
    }

    mutating func handleInvalidSlot(at node: FlowNode) -> [FlowAction] {
        invalidSlotCount += 1
        let trace = FlowAction.noMatch(node: node.id ?? "", count: invalidSlotCount)
        let slot = node.slot
        if invalidSlotCount >= (slot?.maxRetries ?? 3) {
            return [trace] + fallBack(to: slot?.fallback ?? flow.fallback, reason: "slot_invalid")
        }
        return [trace] + retry(slot?.invalidMessage ?? "Sorry, I didn't get that.", at: node)
    }

    /// Silence: no-input has its own fallback and never uses the flow-wide `fallback`
    /// (transferring a silent line to a person helps nobody); without one the call ends.
    mutating func handleNoInput(at node: FlowNode) -> [FlowAction] {
        noInputCount += 1
        if noInputCount >= (node.noInput?.max ?? flow.noInput?.max ?? 3) {
            let target = node.noInput?.fallback ?? flow.noInput?.fallback
            return fallBack(to: target, reason: "no_input")
        }
        let message = node.noInput?.message ?? flow.noInput?.message ?? "Are you still there?"
        return retry(message, at: node)
    }

    mutating func handleToolResult(_ result: Result<JSONValue, ToolFailure>, at node: FlowNode) -> [FlowAction] {
        switch result {
        case .success(let value):
            var actions: [FlowAction] = []
            if let name = node.resultVariable { actions.append(setVariable(name, value)) }
            return actions + run(from: node.next ?? "")
        case .failure:
            return fallBack(to: node.onFailure ?? flow.fallback, reason: "tool_failed")
        }
    }
}
