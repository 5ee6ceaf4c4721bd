import Foundation
import ParleyCore

extension AgentConfiguration {
    /// Tool URLs whose host is `localhost` or a literal address `policy` refuses (loopback,
    /// private networks, cloud metadata). Names that need DNS pass here; the executor checks
    /// what they resolve to before each call.
    public func toolTargetProblems(_ policy: OutboundAddressPolicy) -> [AgentConfigurationProblem] {
        tools.enumerated().compactMap { index, tool in
            guard let host = URLComponents(string: tool.url)?.host, let reason = policy.hostRefusal(host) else { return nil }
            return AgentConfigurationProblem(
                field: "tools[\(index)].url",
                "\(reason); tools must be on public addresses (a server for local development may allow private networks)")
        }
    }
}

extension AgentConfiguration {
    /// Provider options that could leak the server's secrets or reach its private network:
    /// `apiKeyEnv` (it would name any server environment variable; keys are org secrets named by
    /// `apiKeySecret`) and a `baseURL` on `localhost` or a literal address `policy` refuses.
    public func providerTargetProblems(_ policy: OutboundAddressPolicy) -> [AgentConfigurationProblem] {
        var problems: [AgentConfigurationProblem] = []
        for (kind, chain) in [("stt", providers.stt), ("tts", providers.tts), ("llm", providers.llm), ("turn", providers.turn)] {
            for (index, selection) in chain.enumerated() {
                let field = "providers.\(kind)[\(index)].options"
                if selection.options?["apiKeyEnv"] != nil {
                    problems.append(AgentConfigurationProblem(
                        field: field + ".apiKeyEnv",
                        "is not supported: store the key as an org secret (PUT /v1/secrets/{name}) and name it in apiKeySecret (default \(selection.provider).api_key)"))
                }
                if let secret = selection.options?["apiKeySecret"], secret.stringValue?.isEmpty != false {
                    problems.append(AgentConfigurationProblem(field: field + ".apiKeySecret", "must be the name of an org secret"))
                }
                if let base = selection.options?["baseURL"]?.stringValue, let host = URLComponents(string: base)?.host,
                   let reason = policy.hostRefusal(host) {
                    problems.append(AgentConfigurationProblem(
                        field: field + ".baseURL",
                        "\(reason); providers must be on public addresses (a server for local development may allow private networks)"))
                }
            }
        }
        return problems
    }
}
