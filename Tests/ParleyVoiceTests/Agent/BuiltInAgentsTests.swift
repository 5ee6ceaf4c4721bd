import Foundation
import Testing
@testable import ParleyVoice

@Suite struct BuiltInAgentsTests {
    /// docs/flows.md ends with the demo agent; keep the two identical.
    @Test func documentationShowsTheCurrentDemoAgent() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/flows.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let marker = "## Complete example: the `demo` agent\n\n```json\n"
        let start = try #require(text.range(of: marker))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let documented = try AgentConfiguration.load(json: String(text[start.upperBound..<end.lowerBound]))
        #expect(documented == (try demoAgent()))
    }

    @Test func everyBuiltInAgentIsValid() throws {
        for name in BuiltInAgents.json.keys.sorted() {
            let agent = try AgentConfiguration.builtIn(named: name)
            #expect(agent.validationProblems().isEmpty, "\(name)")
        }
    }
}
