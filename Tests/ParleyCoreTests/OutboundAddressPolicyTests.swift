import ParleyCore
import Testing

@Suite struct OutboundAddressPolicyTests {
    /// Every block of the table, its edges, and public neighbours; nil means allowed.
    @Test(arguments: [
        ("0.0.0.0", "a \"this network\" address"), ("0.255.255.255", "a \"this network\" address"), ("1.0.0.0", nil),
        ("10.0.0.5", "a private address"), ("9.255.255.255", nil), ("11.0.0.0", nil),
        ("100.64.0.1", "a shared (carrier-grade NAT) address"), ("100.127.255.255", "a shared (carrier-grade NAT) address"),
        ("100.63.255.255", nil), ("100.128.0.0", nil),
        ("127.0.0.1", "a loopback address"), ("127.255.255.254", "a loopback address"),
        ("169.254.169.254", "a link-local address (cloud metadata services live here)"), ("169.255.0.1", nil),
        ("172.16.0.1", "a private address"), ("172.31.255.255", "a private address"), ("172.15.255.255", nil), ("172.32.0.0", nil),
        ("192.0.0.8", "an IETF protocol assignment address"), ("192.0.1.1", nil), ("192.0.2.1", nil),
        ("192.168.1.1", "a private address"), ("192.169.0.0", nil),
        ("198.18.0.1", "a benchmarking address"), ("198.19.255.255", "a benchmarking address"), ("198.20.0.0", nil),
        ("224.0.0.1", "a multicast address"), ("239.255.255.255", "a multicast address"),
        ("240.0.0.1", "a reserved address"), ("255.255.255.254", "a reserved address"), ("255.255.255.255", "a broadcast address"),
        ("8.8.8.8", nil), ("93.184.216.34", nil), ("223.255.255.255", nil),
        ("::", "an unspecified address"), ("::1", "a loopback address"), ("::2", nil),
        ("fc00::1", "a unique local (private) address"), ("fdff:ffff::1", "a unique local (private) address"), ("fe00::1", nil),
        ("fe80::1", "a link-local address"), ("febf:ffff::1", "a link-local address"), ("fec0::1", nil),
        ("ff02::1", "a multicast address"), ("2001:db8::1", "a documentation address"), ("2001:db9::1", nil),
        ("2606:2800:220:1:248:1893:25c8:1946", nil), ("2001:4860:4860::8888", nil),
        ("::ffff:127.0.0.1", "an IPv4-mapped address of 127.0.0.1, a loopback address"),
        ("::ffff:a9fe:a9fe", "an IPv4-mapped address of 169.254.169.254, a link-local address (cloud metadata services live here)"),
        ("::ffff:8.8.8.8", nil),
        ("64:ff9b::10.0.0.5", "a NAT64 address of 10.0.0.5, a private address"), ("64:ff9b::8.8.8.8", nil),
    ] as [(String, String?)])
    func strictPolicyTable(_ text: String, _ reason: String?) throws {
        let address = try #require(IPAddress(text))
        #expect(OutboundAddressPolicy.strict.refusal(of: address) == reason)
        #expect(OutboundAddressPolicy.allowingPrivateNetworks.refusal(of: address) == nil)
    }

    /// Hosts as written in URLs: localhost names and numeric forms in every spelling.
    @Test(arguments: [
        ("localhost", "localhost is the loopback (localhost)"), ("LocalHost.", "LocalHost. is the loopback (localhost)"),
        ("api.localhost", "api.localhost is the loopback (localhost)"),
        ("127.1", "127.1 is 127.0.0.1, a loopback address"), ("0x7f.1", "0x7f.1 is 127.0.0.1, a loopback address"),
        ("2130706433", "2130706433 is 127.0.0.1, a loopback address"), ("0", "0 is 0.0.0.0, a \"this network\" address"),
        ("169.254.169.254", "169.254.169.254 is a link-local address (cloud metadata services live here)"),
        ("[::ffff:127.0.0.1]", "[::ffff:127.0.0.1] is ::ffff:127.0.0.1, an IPv4-mapped address of 127.0.0.1, a loopback address"),
        ("[::1]", "[::1] is ::1, a loopback address"), ("::1", "::1 is a loopback address"),
        ("example.com", nil), ("localhost.example.com", nil), ("mylocalhost", nil), ("93.184.216.34", nil), ("2606:4700::1111", nil),
    ] as [(String, String?)])
    func hostRefusals(_ host: String, _ reason: String?) {
        #expect(OutboundAddressPolicy.strict.hostRefusal(host) == reason)
        #expect(OutboundAddressPolicy.allowingPrivateNetworks.hostRefusal(host) == nil)
    }

    @Test func everyTableBlockIsWellFormedAndHoldsItsOwnNetwork() throws {
        for range in SpecialPurposeRange.ipv4 + SpecialPurposeRange.ipv6 {
            let network = try #require(IPAddress(String(range.block.split(separator: "/")[0])))
            #expect(SpecialPurposeRange.containing(network) != nil, "\(range.block)")
        }
    }
}
