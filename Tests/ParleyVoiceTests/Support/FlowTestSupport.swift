import Foundation
@testable import ParleyVoice

/// Monday 23 November 2026, 10:00 UTC: the fixed "now" of every flow test.
let testNow = Date(timeIntervalSince1970: TimeInterval(CivilDate(year: 2026, month: 11, day: 23).daysSinceEpoch * 86_400 + 36_000))
let testToday = CivilDate(year: 2026, month: 11, day: 23)

func demoAgent() throws -> AgentConfiguration {
    try AgentConfiguration.builtIn(named: "demo")
}

func demoFlow() throws -> FlowDefinition {
    guard case .flow(let flow) = try demoAgent().brain else { throw FlowTestError() }
    return flow
}

func demoRunner() throws -> FlowRunner {
    guard let runner = try demoAgent().makeFlowRunner(now: testNow) else { throw FlowTestError() }
    return runner
}

struct FlowTestError: Error {}

/// Just the spoken text of actions.
func spoken(_ actions: [FlowAction]) -> [String] {
    actions.compactMap { if case .say(let text) = $0 { return text } else { return nil } }
}

/// Intents matched in actions.
func matchedIntents(_ actions: [FlowAction]) -> [String] {
    actions.compactMap { if case .matched(let intent, _, _, _) = $0 { return intent } else { return nil } }
}

/// Actions without trace events (matched / noMatch).
func withoutTraces(_ actions: [FlowAction]) -> [FlowAction] {
    actions.filter {
        switch $0 {
        case .matched, .noMatch: return false
        default: return true
        }
    }
}
