import ParleyCore
import Synchronization

/// A wall clock the tests move by hand.
final class TestClock: WallClock {
    private let now: Mutex<Int64>

    init(seconds: Int64 = 1_795_000_000) {
        now = Mutex(seconds * 1_000_000)
    }

    func nowMicros() -> Int64 { now.withLock { $0 } }

    func advance(seconds: Int64) {
        now.withLock { $0 += seconds * 1_000_000 }
    }

    func advance(milliseconds: Int64) {
        now.withLock { $0 += milliseconds * 1_000 }
    }
}
