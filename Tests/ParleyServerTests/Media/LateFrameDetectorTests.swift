@testable import ParleyServer
import Testing

@Suite struct LateFrameDetectorTests {
    @Test func jitterWithinToleranceIsNotLateButAStallIs() {
        var detector = LateFrameDetector(toleranceMilliseconds: 60)
        // (arrival, media time) in ms. Frames arrive 300 ms after the stream's clock started:
        // a constant offset is fine, 20 ms of jitter is fine, an early frame sets a better
        // offset, and a frame 90 ms behind the best offset is late.
        let frames: [(Int64, Int64)] = [(300, 0), (340, 20), (330, 40), (350, 60), (460, 80), (390, 100)]
        let late = frames.map { detector.isLate(arrival: $0.0, mediaTime: $0.1) }
        #expect(late == [false, false, false, false, true, false])
    }
}
