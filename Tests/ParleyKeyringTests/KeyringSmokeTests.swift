import ParleyKeyring
import Testing

@Test func keyringModuleLoads() { #expect(String(describing: ParleyKeyring.self) == "ParleyKeyring") }
