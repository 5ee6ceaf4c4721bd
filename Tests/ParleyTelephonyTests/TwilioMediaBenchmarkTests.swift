import Testing
@testable import ParleyTelephony

@Suite struct TwilioMediaBenchmarkTests {
    /// The benchmark's frames are valid Twilio frames (a refused frame would throw) and every
    /// stage is measured; speed itself is reported by `parley bench`, never asserted.
    @Test func runsOverSeveralStreams() throws {
        let result = try TwilioMediaBenchmark(frames: 250, framesPerStream: 100).run()
        #expect(result.frames == 250)
        #expect(result.inboundSeconds > 0)
        #expect(result.foundationSeconds > 0)
        #expect(result.outboundSeconds > 0)
    }
}
