import Synchronization

/// The frame path's side of a call recording: interleaved stereo PCM16 (caller left,
/// agent right) appended into a pre-sized buffer under a lock, and handed to the
/// writer in batches. Appending never allocates while the writer keeps up; no I/O here.
public final class RecordingSpool: Sendable {
    private let pending: Mutex<[Int16]>
    private let capacity: Int

    /// `sampleRate` is the call rate; the buffer holds `seconds` of stereo audio before it grows.
    public init(sampleRate: Int, seconds: Int = 1) {
        capacity = sampleRate * 2 * seconds
        var buffer: [Int16] = []
        buffer.reserveCapacity(capacity)
        pending = Mutex(buffer)
    }

    /// Adds one frame: caller samples and the agent samples sent with them (nil: silence).
    public func append(caller: UnsafeBufferPointer<Int16>, agent: UnsafeBufferPointer<Int16>?) {
        pending.withLock { buffer in
            for index in 0..<caller.count {
                buffer.append(caller[index])
                buffer.append(agent.map { index < $0.count ? $0[index] : 0 } ?? 0)
            }
        }
    }

    /// Swaps the pending samples into `batch` (emptied first); both keep their capacity.
    public func drain(into batch: inout [Int16]) {
        batch.removeAll(keepingCapacity: true)
        if batch.capacity < capacity { batch.reserveCapacity(capacity) }
        pending.withLock { swap(&$0, &batch) }
    }
}
