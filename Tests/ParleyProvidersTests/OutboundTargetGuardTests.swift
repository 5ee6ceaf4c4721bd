import ParleyCore
@testable import ParleyProviders
import Testing

@Suite struct OutboundTargetGuardTests {
    func refusal(_ guardian: OutboundTargetGuard, _ url: String) async -> OutboundTargetError? {
        do {
            try await guardian.check(url: url)
            return nil
        } catch {
            return error
        }
    }

    @Test func theSystemResolverResolvesLocalhostToTheLoopback() async throws {
        let addresses = try await SystemHostResolver().addresses(of: "localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { OutboundAddressPolicy.strict.refusal(of: $0)?.contains("loopback") == true })
    }

    @Test func localhostIsRefusedAndAPublicLiteralPasses() async {
        let strict = OutboundTargetGuard(policy: .strict)
        let local = await refusal(strict, "http://localhost:8080/hook")
        #expect(local?.code == .forbiddenTarget && local?.host == "localhost")
        // Literals resolve to themselves: no DNS server is needed.
        #expect(await refusal(strict, "https://93.184.216.34/hook") == nil)
        #expect(await refusal(strict, "https://[2606:2800:220:1:248:1893:25c8:1946]/hook") == nil)
        let mapped = await refusal(strict, "http://[::ffff:169.254.169.254]/latest/meta-data")
        #expect(mapped?.code == .forbiddenTarget)
        #expect(mapped?.message.contains("169.254.169.254, a link-local address") == true)
        #expect(await refusal(strict, "http://0x7f.1/")?.message.hasPrefix("0x7f.1 is 127.0.0.1, a loopback address") == true)
    }

    @Test func anyRefusedAddressOfANameRefusesIt() async {
        let resolver = FakeHostResolver([
            "hooks.example.com": [IPAddress("93.184.216.34")!, IPAddress("10.0.0.5")!],
            "public.example.com": [IPAddress("93.184.216.34")!, IPAddress("2606:2800:220:1:248:1893:25c8:1946")!],
        ])
        let strict = OutboundTargetGuard(policy: .strict, resolver: resolver)
        let error = await refusal(strict, "https://hooks.example.com/events")
        #expect(error?.code == .forbiddenTarget && error?.host == "hooks.example.com" && error?.address == IPAddress("10.0.0.5"))
        #expect(error?.message.hasPrefix("hooks.example.com resolves to 10.0.0.5, a private address") == true)
        #expect(await refusal(strict, "https://public.example.com/events") == nil)
        #expect(await refusal(strict, "https://nowhere.example.com/")?.code == .unresolvable)
        #expect(await refusal(strict, "not a url")?.code == .invalidURL)
    }

    @Test func allowingPrivateNetworksResolvesNothing() async {
        let resolver = FakeHostResolver([:])
        let relaxed = OutboundTargetGuard(policy: .allowingPrivateNetworks, resolver: resolver)
        #expect(await refusal(relaxed, "http://127.0.0.1:9/") == nil)
        #expect(await refusal(relaxed, "http://metadata.internal/") == nil)
        #expect(resolver.asked.withLock { $0 }.isEmpty)
    }
}
