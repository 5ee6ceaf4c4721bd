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

    @Test func drainingAdmitsNothingAndWaitsForLiveCallsToEnd() async {
        let admission = CallAdmission(maxCalls: 10, maxCallsPerOrg: 10)
        #expect(admission.admit(org: "a") && admission.admit(org: "b"))
        let drained = Task { await admission.drain(timeout: .seconds(600)) }
        // Once draining, nothing new is admitted; the drain ends when the last call does.
        while !admission.isDraining { await Task.yield() }
        #expect(!admission.admit(org: "c") && !admission.hasCapacity(org: "c"))
        admission.release(org: "a")
        admission.release(org: "b")
        #expect(await drained.value == 0)
    }

    @Test func drainGivesUpAfterItsTimeoutAndSaysHowManyCallsAreLeft() async {
        let admission = CallAdmission(maxCalls: 10, maxCallsPerOrg: 10)
        #expect(admission.admit(org: "a"))
        #expect(await admission.drain(timeout: .milliseconds(50)) == 1)
        let idle = CallAdmission(maxCalls: 1, maxCallsPerOrg: 1)
        #expect(await idle.drain(timeout: .seconds(600)) == 0, "nothing live: returns at once")
    }
}
