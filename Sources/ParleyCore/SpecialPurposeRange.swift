/// A block of addresses that is not the public internet, and what it is for.
///
/// The tables follow RFC 6890 and the IANA IPv4 and IPv6 Special-Purpose Address Registries
/// (https://www.iana.org/assignments/iana-ipv4-special-registry,
/// https://www.iana.org/assignments/iana-ipv6-special-registry), keeping the blocks that lead
/// into the server's own host, its private networks or its cloud provider (RFC 1918, RFC 6598,
/// RFC 3927, RFC 4193, RFC 4291), plus multicast and reserved space no webhook lives in.
public struct SpecialPurposeRange: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Refused outright.
        case refused
        /// The low 32 bits are an IPv4 address (IPv4-mapped, NAT64): judged by the IPv4 table.
        case embedsIPv4
    }

    /// `10.0.0.0/8`, `fc00::/7`.
    public let block: String
    /// What the block is, for messages: "a private address", "a loopback address".
    public let reason: String
    public let kind: Kind
    let network: IPAddress
    let prefixLength: Int

    init(_ block: String, _ reason: String, _ kind: Kind = .refused) {
        let parts = block.split(separator: "/")
        // The tables below are constants; a typo in them is a programming error caught by the tests.
        network = IPAddress(parts[0])!
        prefixLength = Int(parts[1])!
        self.block = block
        self.reason = reason
        self.kind = kind
    }

    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let base), .v4(let value)):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - prefixLength)
            return value & mask == base & mask
        case (.v6(let baseHigh, let baseLow), .v6(let high, let low)):
            let highMask: UInt64 = prefixLength == 0 ? 0 : prefixLength >= 64 ? ~0 : ~UInt64(0) << (64 - prefixLength)
            let lowMask: UInt64 = prefixLength <= 64 ? 0 : prefixLength == 128 ? ~0 : ~UInt64(0) << (128 - prefixLength)
            return high & highMask == baseHigh & highMask && low & lowMask == baseLow & lowMask
        default:
            return false
        }
    }

    /// IPv4 blocks (RFC 6890 §2.2.2 and the IANA registry), most specific first.
    public static let ipv4: [SpecialPurposeRange] = [
        SpecialPurposeRange("255.255.255.255/32", "a broadcast address"),             // RFC 919
        SpecialPurposeRange("0.0.0.0/8", "a \"this network\" address"),               // RFC 791; 0.0.0.0 reaches the local host
        SpecialPurposeRange("10.0.0.0/8", "a private address"),                        // RFC 1918
        SpecialPurposeRange("100.64.0.0/10", "a shared (carrier-grade NAT) address"), // RFC 6598
        SpecialPurposeRange("127.0.0.0/8", "a loopback address"),                      // RFC 1122
        SpecialPurposeRange("169.254.0.0/16", "a link-local address (cloud metadata services live here)"), // RFC 3927
        SpecialPurposeRange("172.16.0.0/12", "a private address"),                     // RFC 1918
        SpecialPurposeRange("192.0.0.0/24", "an IETF protocol assignment address"),     // RFC 6890
        SpecialPurposeRange("192.168.0.0/16", "a private address"),                    // RFC 1918
        SpecialPurposeRange("198.18.0.0/15", "a benchmarking address"),                // RFC 2544
        SpecialPurposeRange("224.0.0.0/4", "a multicast address"),                     // RFC 5771
        SpecialPurposeRange("240.0.0.0/4", "a reserved address"),                      // RFC 1112
    ]

    /// IPv6 blocks (RFC 6890 §2.2.3 and the IANA registry), most specific first.
    public static let ipv6: [SpecialPurposeRange] = [
        SpecialPurposeRange("::/128", "an unspecified address"),                        // RFC 4291
        SpecialPurposeRange("::1/128", "a loopback address"),                          // RFC 4291
        SpecialPurposeRange("::ffff:0:0/96", "an IPv4-mapped address", .embedsIPv4),    // RFC 4291
        SpecialPurposeRange("64:ff9b::/96", "a NAT64 address", .embedsIPv4),           // RFC 6052
        SpecialPurposeRange("2001:db8::/32", "a documentation address"),               // RFC 3849
        SpecialPurposeRange("fc00::/7", "a unique local (private) address"),           // RFC 4193
        SpecialPurposeRange("fe80::/10", "a link-local address"),                      // RFC 4291
        SpecialPurposeRange("ff00::/8", "a multicast address"),                        // RFC 4291
    ]

    /// The first block holding `address`, or nil when it is an ordinary public address.
    public static func containing(_ address: IPAddress) -> SpecialPurposeRange? {
        switch address {
        case .v4: return ipv4.first { $0.contains(address) }
        case .v6: return ipv6.first { $0.contains(address) }
        }
    }
}
