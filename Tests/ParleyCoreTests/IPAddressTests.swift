import ParleyCore
import Testing

@Suite struct IPAddressTests {
    /// Numeric hosts as glibc's inet_aton / getaddrinfo read them, and what they mean.
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0x7F.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
        ("10.1.65535", "10.1.255.255"), ("169.254.43518", "169.254.169.254"), ("0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
        ("[::1]", "::1"), ("::ffff:127.0.0.1", "::ffff:127.0.0.1"), ("[::ffff:7f00:1]", "::ffff:127.0.0.1"),
        ("fe80::1%eth0", "fe80::1"), ("2001:DB8::1", "2001:db8::1"), ("64:ff9b::a00:5", "64:ff9b::a00:5"),
    ])
    func numericHostsParse(_ text: String, _ expected: String) throws {
        #expect(try #require(IPAddress(text)).description == expected)
    }

    @Test(arguments: [
        "example.com", "localhost", "", ".", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "1.2.65536", "4294967296", "08.1.1.1",
        "0x", "0xg.1", "1..2", "1.2.3.", "-1.2.3.4", " 1.2.3.4", "1e3", "::g", "[::1", "1:2:3:4:5:6:7:8:9", "deadbeef",
    ])
    func namesAndMalformedNumbersDoNotParse(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func v6BytesRoundTrip() throws {
        let address = try #require(IPAddress("2606:2800:220:1:248:1893:25c8:1946"))
        #expect(address == .v6(high: 0x2606_2800_0220_0001, low: 0x0248_1893_25C8_1946))
        #expect(IPAddress.v6(bytes: [UInt8](repeating: 0, count: 15) + [1]) == IPAddress("::1"))
        #expect(IPAddress.v6(bytes: [1, 2, 3]) == nil)
    }
}
