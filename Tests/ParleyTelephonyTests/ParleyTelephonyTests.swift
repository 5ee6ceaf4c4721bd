import Testing
@testable import ParleyTelephony

@Suite struct ParleyTelephonyModuleTests {
    @Test func moduleLoads() {
        #expect(String(describing: ParleyTelephony.self) == "ParleyTelephony")
    }
}
