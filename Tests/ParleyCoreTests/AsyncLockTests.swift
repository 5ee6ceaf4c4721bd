import ParleyCore
import Testing

@Suite struct AsyncLockTests {
    /// A counter read and written across a suspension point loses no update when guarded.
    final class Counter: @unchecked Sendable {
        var value = 0
        var inside = 0
        var mostInside = 0
    }

    @Test func holdersExcludeEachOtherAcrossSuspensionPoints() async {
        let lock = AsyncLock()
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await lock.lock()
                    counter.inside += 1
                    counter.mostInside = max(counter.mostInside, counter.inside)
                    let seen = counter.value
                    await Task.yield()
                    counter.value = seen + 1
                    counter.inside -= 1
                    lock.unlock()
                }
            }
        }
        #expect(counter.value == 200)
        #expect(counter.mostInside == 1)
    }
}
