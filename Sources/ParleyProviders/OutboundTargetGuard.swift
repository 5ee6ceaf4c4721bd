import AsyncHTTPClient
import Foundation
import ParleyCore

/// Checks an organization's URL right before Parley sends it a request: the host is resolved
/// and the request is refused when any of its addresses is one the policy forbids.
///
/// Residual risk (DNS rebinding): AsyncHTTPClient resolves the name again when it connects,
/// and it has no per-request way to connect to the address checked here (`dnsOverride` is
/// per client), so a name with a zero TTL that answers a public address to this check and a
/// private one a moment later can still get through. Numeric hosts and names that always
/// resolve to private addresses are stopped; redirects are not followed at all
/// (`clientConfiguration`), so a public endpoint cannot bounce a request inward.
public struct OutboundTargetGuard: Sendable {
    public let policy: OutboundAddressPolicy
    let resolver: any HostResolver

    public init(policy: OutboundAddressPolicy, resolver: any HostResolver = SystemHostResolver()) {
        self.policy = policy
        self.resolver = resolver
    }

    /// Allows everything without resolving: local development and tests against loopback fakes.
    public static let allowingPrivateNetworks = OutboundTargetGuard(policy: .allowingPrivateNetworks)

    /// Throws `forbiddenTarget` when the URL's host is, or resolves to, a refused address,
    /// naming the host and why ("hooks.example resolves to 10.0.0.5, a private address").
    public func check(url: String) async throws(OutboundTargetError) {
        guard !policy.allowPrivateNetworks else { return }
        guard let host = Self.host(of: url) else {
            throw OutboundTargetError(.invalidURL, host: "", "'\(url)' has no host")
        }
        if let reason = policy.hostRefusal(host) {
            throw OutboundTargetError(.forbiddenTarget, host: host, address: IPAddress(host), "\(reason); Parley only calls public addresses")
        }
        for address in try await resolver.addresses(of: host) {
            if let reason = policy.refusal(of: address) {
                throw OutboundTargetError(.forbiddenTarget, host: host, address: address,
                                          "\(host) resolves to \(address), \(reason); Parley only calls public addresses")
            }
        }
    }

    /// The host AsyncHTTPClient will connect to (it parses URLs with Foundation too), without brackets.
    static func host(of url: String) -> String? {
        guard var host = URL(string: url)?.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// For the client that sends requests to organizations' URLs: redirects are answered as they
    /// are (a 3xx), never followed, because a redirect would skip this check.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        return configuration
    }
}
