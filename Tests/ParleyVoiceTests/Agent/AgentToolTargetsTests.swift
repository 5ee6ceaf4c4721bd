import ParleyCore
import ParleyVoice
import Testing

/// `AgentConfiguration.toolTargetProblems` (AgentConfiguration+ToolTargets.swift).
@Suite struct AgentToolTargetsTests {
    static func agent(urls: [String]) throws -> AgentConfiguration {
        let tools = urls.enumerated().map { index, url in
            #"{"name": "t\#(index)", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "\#(url)"}"#
        }
        return try AgentConfiguration.load(json: #"""
            {"name": "Max", "brain": {"type": "llm", "systemPrompt": "Help."}, "providers": {"llm": [{"provider": "openai"}]},
             "tools": [\#(tools.joined(separator: ", "))]}
            """#)
    }

    @Test func literalPrivateHostsAndLocalhostAreProblemsNamingTheTool() throws {
        let agent = try Self.agent(urls: [
            "https://tools.example.com/a", "http://169.254.169.254/latest/meta-data", "http://LOCALHOST:8080/b", "http://[::1]:9/c",
            "https://93.184.216.34/d", "http://0x7f.1/e",
        ])
        let problems = agent.toolTargetProblems(.strict)
        #expect(problems.map(\.field) == ["tools[1].url", "tools[2].url", "tools[3].url", "tools[5].url"])
        #expect(problems.first?.message.hasPrefix("169.254.169.254 is a link-local address") == true)
        #expect(problems.allSatisfy { $0.severity == .error })
        #expect(agent.toolTargetProblems(.allowingPrivateNetworks).isEmpty)
    }
}
