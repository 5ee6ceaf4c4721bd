/// Tells when an inbound media frame arrives late: its arrival time minus its media timestamp
/// exceeds the stream's best (smallest) offset so far by more than `tolerance` ms. Network
/// jitter within the tolerance, and a stream that starts late, are not late frames.
struct LateFrameDetector {
    let toleranceMilliseconds: Int64
    private var bestOffset: Int64?

    init(toleranceMilliseconds: Int64 = 60) {
        self.toleranceMilliseconds = toleranceMilliseconds
    }

    /// `arrival` on any monotonic ms clock; `mediaTime` from the stream.
    mutating func isLate(arrival: Int64, mediaTime: Int64) -> Bool {
        let offset = arrival - mediaTime
        guard let best = bestOffset, offset >= best else {
            bestOffset = offset
            return false
        }
        return offset - best > toleranceMilliseconds
    }
}
