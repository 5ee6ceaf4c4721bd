import ParleyCore
import Synchronization

/// A wall clock tests move by hand.
public final class ManualClock: WallClock {
    private let now: Mutex<Int64>

    public init(micros: Int64 = 1_795_000_000_000_000) {
        now = Mutex(micros)
    }

    public func nowMicros() -> Int64 { now.withLock { $0 } }

    public func advance(seconds: Double) {
        now.withLock { $0 += Int64(seconds * 1_000_000) }
    }
}
