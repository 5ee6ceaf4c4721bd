/// The last few seconds of caller audio, so a transcript can be asked for any
/// stretch of the current utterance without copying audio on every frame.
struct CallerAudioHistory: Sendable {
    private var ring: [Int16]
    /// Total samples ever written; sample `n` lives at `ring[n % ring.count]`.
    private var written: Int64 = 0
    let sampleRate: Int

    init(sampleRate: Int, seconds: Int) {
        self.sampleRate = sampleRate
        ring = Array(repeating: 0, count: max(sampleRate * seconds, 1))
    }

    /// Appends one frame (no allocation).
    mutating func append(_ frame: UnsafeBufferPointer<Int16>) {
        let capacity = ring.count
        ring.withUnsafeMutableBufferPointer { storage in
            var position = Int(written % Int64(capacity))
            for sample in frame {
                storage[position] = sample
                position += 1
                if position == capacity { position = 0 }
            }
        }
        written += Int64(frame.count)
    }

    /// Audio between two media times (clamped to what is still held).
    func extract(from start: MediaTime, to end: MediaTime) -> [Int16] {
        let rate = Int64(sampleRate)
        let oldest = max(0, written - Int64(ring.count))
        let first = max(oldest, max(0, start.milliseconds) * rate / 1000)
        let last = min(written, max(0, end.milliseconds) * rate / 1000)
        guard last > first else { return [] }
        var result: [Int16] = []
        result.reserveCapacity(Int(last - first))
        let capacity = Int64(ring.count)
        var index = first
        while index < last {
            result.append(ring[Int(index % capacity)])
            index += 1
        }
        return result
    }
}
