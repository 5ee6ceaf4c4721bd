import ParleyServer
import Testing

@Suite struct CallAdmissionTests {
    @Test func globalAndPerOrgCeilingsHoldAndSlotsComeBack() {
        let admission = CallAdmission(maxCalls: 3, maxCallsPerOrg: 2)
        #expect(admission.admit(org: "a") && admission.admit(org: "a"))
        #expect(!admission.admit(org: "a") && !admission.hasCapacity(org: "a"), "org a is at its limit")
        #expect(admission.admit(org: "b"))
        #expect(!admission.admit(org: "c") && !admission.hasCapacity(org: "c"), "the node is full")
        admission.release(org: "a")
        #expect(admission.hasCapacity(org: "c") && admission.admit(org: "c"))
        #expect(admission.activeCalls == 3)
    }
}
