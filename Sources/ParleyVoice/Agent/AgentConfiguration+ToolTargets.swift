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
