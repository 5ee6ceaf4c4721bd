import ParleyCore
import ParleyProviders
import Synchronization

/// A resolver with scripted answers that records the names it was asked for.
final class FakeHostResolver: HostResolver {
    let answers: [String: [IPAddress]]
    let asked = Mutex<[String]>([])

    init(_ answers: [String: [IPAddress]]) { self.answers = answers }

    func addresses(of host: String) async throws(OutboundTargetError) -> [IPAddress] {
        asked.withLock { $0.append(host) }
        guard let addresses = answers[host] else {
            throw OutboundTargetError(.unresolvable, host: host, "\(host) could not be resolved: not in the fake's answers")
        }
        return addresses
    }
}
