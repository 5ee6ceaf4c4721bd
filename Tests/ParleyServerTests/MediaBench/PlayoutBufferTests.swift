import ParleyServer
import Testing

@Suite struct PlayoutBufferTests {
    /// Frames arriving at `times` (ms), one each.
    func play(_ times: [Int64], into buffer: inout PlayoutBuffer) {
        for time in times { buffer.receive(frames: 1, at: time * 1_000) }
    }

    @Test func framesOnTimeOrWithinTheBufferNeverUnderrun() {
        var buffer = PlayoutBuffer()
        // 20 ms pace with up to 50 ms of jitter on single frames.
        play([0, 20, 40, 110, 80, 100, 120, 190, 160, 180, 200], into: &buffer)
        #expect(buffer.underruns == 0)
        #expect(buffer.framesReceived == 11)
    }

    @Test func aStallMidUtteranceIsAnUnderrunAndRebuffers() {
        var buffer = PlayoutBuffer()
        // Frames 0…4 play from 60 ms to 160 ms; frame 5 comes at 300 ms: 140 ms of silence.
        play([0, 20, 40, 60, 80, 300], into: &buffer)
        #expect(buffer.underruns == 1)
        #expect(buffer.underrunMicros == 140_000)
        // Playout restarted with a fresh 60 ms buffer, so the pace from 300 ms on is fine.
        play([320, 340, 360], into: &buffer)
        #expect(buffer.underruns == 1)
    }

    @Test func aLongStallWithoutTheCallerSpeakingStillCounts() {
        var buffer = PlayoutBuffer()
        play([0, 20, 40, 5_000], into: &buffer)
        #expect(buffer.underruns == 1)
    }

    @Test func gapsAtTurnBoundariesAndAfterClearAreNotUnderruns() {
        var buffer = PlayoutBuffer()
        play([0, 20, 40], into: &buffer)
        buffer.callerStartedSpeaking()
        play([3_000, 3_020], into: &buffer)
        #expect(buffer.underruns == 0)
        buffer.clear()
        play([4_000, 4_020], into: &buffer)
        #expect(buffer.underruns == 0)
        // The boundary is used up by the first frame of the reply.
        play([4_500], into: &buffer)
        #expect(buffer.underruns == 1)
    }
}
