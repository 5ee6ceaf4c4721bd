import ParleyAudio
import Testing

@Test func audioModuleLoads() { #expect(String(describing: ParleyAudio.self) == "ParleyAudio") }
