import Synchronization

/// Calls whose `start` was sent and whose socket is still open, across event loops.
public final class LiveCallCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public var count: Int { value.load(ordering: .relaxed) }

    func increment() { value.add(1, ordering: .relaxed) }
    func decrement() { value.subtract(1, ordering: .relaxed) }
}
