import Foundation
import ParleyCalls
import Synchronization

/// Fans out what live calls produce (transcript lines, events, turn latency, the end) to
/// listeners such as `GET /v1/calls/{id}/live`. Publishing never blocks the frame loop: each
/// listener has a bounded buffer that keeps the newest updates.
public final class LiveCallHub: Sendable {
    private let listeners = Mutex<[String: [UUID: AsyncStream<CallUpdate>.Continuation]]>([:])
    private let live = Mutex<Set<String>>([])

    public init() {}

    func callStarted(_ id: String) { _ = live.withLock { $0.insert(id) } }

    public func isLive(_ id: String) -> Bool { live.withLock { $0.contains(id) } }

    func publish(_ id: String, _ update: CallUpdate) {
        let targets = listeners.withLock { Array(($0[id] ?? [:]).values) }
        for continuation in targets { continuation.yield(update) }
    }

    func callEnded(_ id: String) {
        _ = live.withLock { $0.remove(id) }
        let targets = listeners.withLock { $0.removeValue(forKey: id).map { Array($0.values) } ?? [] }
        for continuation in targets { continuation.finish() }
    }

    /// Updates of call `id` from now until it ends (finishes at once if it is not live).
    public func subscribe(_ id: String) -> AsyncStream<CallUpdate> {
        let (stream, continuation) = AsyncStream<CallUpdate>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let token = UUID()
        let added = live.withLock { live in
            guard live.contains(id) else { return false }
            listeners.withLock { $0[id, default: [:]][token] = continuation }
            return true
        }
        if !added { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            self?.listeners.withLock { all in
                all[id]?.removeValue(forKey: token)
                if all[id]?.isEmpty == true { all[id] = nil }
            }
        }
        return stream
    }
}
