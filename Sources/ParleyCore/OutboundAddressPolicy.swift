/// Which addresses Parley may send requests to on behalf of an organization (webhook
/// endpoints, agent HTTP tools): the public internet only, unless private networks are
/// allowed for local development and tests. Pure: resolving names happens elsewhere.
public struct OutboundAddressPolicy: Sendable, Equatable {
    /// Every address is allowed: loopback, private networks, link-local (cloud metadata).
    /// Only for a server whose organizations are trusted (`--allow-private-network-targets`).
    public var allowPrivateNetworks: Bool

    public init(allowPrivateNetworks: Bool) {
        self.allowPrivateNetworks = allowPrivateNetworks
    }

    /// Public addresses only: the production default.
    public static let strict = OutboundAddressPolicy(allowPrivateNetworks: false)
    /// Everything, for local development and tests against fakes on 127.0.0.1.
    public static let allowingPrivateNetworks = OutboundAddressPolicy(allowPrivateNetworks: true)

    /// Why `address` may not be reached ("a private address"), or nil when it may.
    public func refusal(of address: IPAddress) -> String? {
        if allowPrivateNetworks { return nil }
        guard let range = SpecialPurposeRange.containing(address) else { return nil }
        switch (range.kind, address) {
        case (.refused, _):
            return range.reason
        case (.embedsIPv4, .v6(_, let low)):
            let embedded = IPAddress.v4(UInt32(truncatingIfNeeded: low))
            guard let inner = refusal(of: embedded) else { return nil }
            return "\(range.reason) of \(embedded), \(inner)"
        case (.embedsIPv4, .v4):
            return nil
        }
    }

    /// Why a URL's host is refused without resolving it: `localhost`, `*.localhost`
    /// (RFC 6761 reserves them for the loopback) or a numeric address in a refused block.
    /// Nil for names that need DNS: those are checked when a request is sent.
    public func hostRefusal(_ host: String) -> String? {
        if allowPrivateNetworks { return nil }
        var name = host.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return "\(host) is the loopback (localhost)" }
        guard let address = IPAddress(name), let reason = refusal(of: address) else { return nil }
        return address.description == host ? "\(host) is \(reason)" : "\(host) is \(address), \(reason)"
    }
}
