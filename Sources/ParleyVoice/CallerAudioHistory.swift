/// Recent caller audio, so a transcript can be asked for any stretch of the current utterance
/// without copying audio on every frame.
///
/// A ring that holds `initialSeconds` while nobody needs older audio, grows (doubling, up to
/// `maximumSeconds`) while an utterance needs its start kept, and shrinks back once it is over.
/// Appending allocates only when the ring grows; most calls never outgrow the first size.
struct CallerAudioHistory: Sendable {
    private var ring: [Int16]
    /// Total samples ever written; sample `n` lives at `ring[n % ring.count]`.
    private var written: Int64 = 0
    /// The oldest sample that must stay (nil: none in particular).
    private var keepFrom: Int64?
    let sampleRate: Int
    private let initialCount: Int
    private let maximumCount: Int

    init(sampleRate: Int, initialSeconds: Int = 2, maximumSeconds: Int = 30) {
        self.sampleRate = sampleRate
        initialCount = max(sampleRate * initialSeconds, 1)
        maximumCount = max(sampleRate * maximumSeconds, initialCount)
        ring = Array(repeating: 0, count: initialCount)
    }

    /// Samples the ring can hold now.
    var capacity: Int { ring.count }

    /// Keeps audio from `time` on (the current utterance's start with its pre-roll), or lets
    /// the ring shrink back when `time` is nil.
    mutating func keep(from time: MediaTime?) {
        guard let time else {
            keepFrom = nil
            if ring.count > initialCount { resize(to: initialCount) }
            return
        }
        keepFrom = max(0, time.milliseconds) * Int64(sampleRate) / 1000
    }

    /// Appends one frame.
    mutating func append(_ frame: UnsafeBufferPointer<Int16>) {
        if let keepFrom, ring.count < maximumCount, written + Int64(frame.count) - Int64(ring.count) > keepFrom {
            var count = ring.count
            while count < maximumCount, written + Int64(frame.count) - Int64(count) > keepFrom { count *= 2 }
            resize(to: min(count, maximumCount))
        }
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

    /// Moves the newest samples that fit into a ring of `count` samples.
    private mutating func resize(to count: Int) {
        var next = [Int16](repeating: 0, count: count)
        let held = min(written, Int64(min(ring.count, count)))
        let old = Int64(ring.count)
        let new = Int64(count)
        var index = written - held
        while index < written {
            next[Int(index % new)] = ring[Int(index % old)]
            index += 1
        }
        ring = next
    }
}
