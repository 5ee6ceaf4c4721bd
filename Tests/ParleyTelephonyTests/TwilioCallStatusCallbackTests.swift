import Testing
@testable import ParleyTelephony

@Suite struct TwilioCallStatusCallbackTests {
    let callSid = TwilioFrames.callSid

    func parse(_ fields: [(name: String, value: String)]) throws -> TwilioCallStatusCallback {
        try TwilioCallStatusCallback(form: [("CallSid", callSid), ("AccountSid", TwilioFrames.accountSid)] + fields)
    }

    @Test(arguments: [
        ("completed", nil, CallEndReason?.some(.completed)),
        ("completed", "human", .completed),
        ("completed", "machine_start", .voicemail),
        ("completed", "machine_end_beep", .voicemail),
        ("completed", "fax", .voicemail),
        ("completed", "unknown", .completed),
        ("busy", nil, .busy),
        ("no-answer", nil, .noAnswer),
        ("canceled", nil, .noAnswer),
        ("failed", nil, .failed),
        ("ringing", nil, nil),
        ("in-progress", "machine_start", nil),
    ] as [(String, String?, CallEndReason?)])
    func mapsEndReasons(status: String, answeredBy: String?, expected: CallEndReason?) throws {
        var fields: [(name: String, value: String)] = [("CallStatus", status), ("CallDuration", "42")]
        if let answeredBy { fields.append(("AnsweredBy", answeredBy)) }
        let callback = try parse(fields)
        #expect(callback.callSid == callSid)
        #expect(callback.callDuration == 42)
        #expect(callback.endReason == expected)
    }

    @Test func asyncMachineDetectionCallbackHasNoStatus() throws {
        let callback = try parse([("AnsweredBy", "machine_end_silence")])
        #expect(callback.callStatus == nil)
        #expect(callback.answeredBy == .machineEndSilence)
        #expect(callback.endReason == nil)
        #expect(try parse([("AnsweredBy", "something_new")]).answeredBy == .unknown)
    }

    @Test func refusesIncompleteCallbacks() {
        #expect(throws: TwilioRESTError.self) { try TwilioCallStatusCallback(form: [("CallStatus", "completed")]) }
        #expect(throws: TwilioRESTError.self) { try TwilioCallStatusCallback(form: [("CallSid", "CA/../x"), ("CallStatus", "completed")]) }
        #expect(throws: TwilioRESTError.self) { try parse([("CallStatus", "exploded")]) }
        #expect(throws: TwilioRESTError.self) { try parse([]) }
    }
}
