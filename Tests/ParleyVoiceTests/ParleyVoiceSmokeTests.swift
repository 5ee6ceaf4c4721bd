import Testing
@testable import ParleyVoice

@Suite struct ParleyVoiceSmokeTests {
    @Test func moduleLoads() {
        #expect(String(describing: ParleyVoice.self) == "ParleyVoice")
    }
}
