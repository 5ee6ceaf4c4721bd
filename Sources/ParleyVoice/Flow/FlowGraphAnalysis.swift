/// Graph checks over a flow: nodes that cannot be reached and loops that never wait
/// for the caller (say/branch/tool nodes only), which would spin forever at run time.
struct FlowGraphAnalysis {
    let flow: FlowDefinition
    let ids: [String: Int]

    func problems() -> [FlowProblem] {
        unreachable() + cyclesWithoutQuestion()
    }

    private func edges(of node: FlowNode) -> [String] {
        var targets = node.references().map(\.target)
        if node.nodeType == .tool, node.onFailure == nil, let fallback = flow.fallback { targets.append(fallback) }
        return targets.filter { ids[$0] != nil }
    }

    private func unreachable() -> [FlowProblem] {
        var roots: [String] = []
        if let start = flow.start { roots.append(start) }
        // Global routes and flow-wide fallbacks can be taken from any question.
        roots += (flow.globalRoutes ?? []).compactMap(\.next)
        roots += [flow.fallback, flow.noMatch?.fallback, flow.noInput?.fallback].compactMap { $0 }
        var seen: Set<String> = []
        var stack = roots.filter { ids[$0] != nil }
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let index = ids[id] else { continue }
            stack += edges(of: flow.nodes[index])
        }
        var problems: [FlowProblem] = []
        for (index, node) in flow.nodes.enumerated() {
            guard let id = node.id, ids[id] == index, !seen.contains(id) else { continue }
            problems.append(FlowProblem(.unreachableNode, path: "nodes[\(index)]",
                                        "node '\(id)' cannot be reached from the start node", severity: .warning))
        }
        return problems
    }

    /// Strongly connected components of the non-waiting subgraph (Tarjan).
    private func cyclesWithoutQuestion() -> [FlowProblem] {
        let silent: Set<FlowNodeType> = [.say, .branch, .tool]
        var graph: [Int: [Int]] = [:]
        for (index, node) in flow.nodes.enumerated() {
            guard let type = node.nodeType, silent.contains(type), let id = node.id, ids[id] == index else { continue }
            graph[index] = edges(of: node).compactMap { target in
                guard let targetIndex = ids[target], let targetType = flow.nodes[targetIndex].nodeType,
                      silent.contains(targetType) else { return nil }
                return targetIndex
            }
        }
        var indexOf: [Int: Int] = [:]
        var lowLink: [Int: Int] = [:]
        var onStack: Set<Int> = []
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []

        func connect(_ vertex: Int) {
            indexOf[vertex] = counter
            lowLink[vertex] = counter
            counter += 1
            stack.append(vertex)
            onStack.insert(vertex)
            for next in graph[vertex] ?? [] {
                if indexOf[next] == nil {
                    connect(next)
                    lowLink[vertex] = min(lowLink[vertex]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[vertex] = min(lowLink[vertex]!, indexOf[next]!)
                }
            }
            if lowLink[vertex] == indexOf[vertex] {
                var component: [Int] = []
                while let top = stack.popLast() {
                    onStack.remove(top)
                    component.append(top)
                    if top == vertex { break }
                }
                components.append(component)
            }
        }
        for vertex in graph.keys.sorted() where indexOf[vertex] == nil { connect(vertex) }

        var problems: [FlowProblem] = []
        for component in components {
            let members = component.sorted()
            let isLoop = members.count > 1 || (graph[members[0]] ?? []).contains(members[0])
            guard isLoop else { continue }
            let names = members.map { flow.nodes[$0].id ?? "#\($0)" }
            problems.append(FlowProblem(
                .cycleWithoutQuestion, path: "nodes[\(members[0])]",
                "nodes \(names.map { "'\($0)'" }.joined(separator: ", ")) form a loop with no ask node, so the call would never wait for the caller"))
        }
        return problems.sorted { $0.path < $1.path }
    }
}
