import Logging
import NIOCore
import NIOPosix
import ParleyCore
import SQLiteNIO
import Synchronization

/// A fixed set of SQLite connections handed out one caller at a time.
/// Waiters queue in FIFO order; nothing is created after start-up.
final class SQLiteConnectionPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection]
        var waiters: [CheckedContinuation<SQLiteConnection, any Error>] = []
        var closed = false
        var inUse = 0
    }

    private let state: Mutex<State>
    let size: Int

    init(connections: [SQLiteConnection]) {
        self.size = connections.count
        self.state = Mutex(State(idle: connections))
    }

    func withConnection<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let conn = try await acquire()
        do {
            let result = try await body(conn)
            await release(conn)
            return result
        } catch {
            await release(conn)
            throw error
        }
    }

    var inUseCount: Int { state.withLock { $0.inUse } }
    var waitingCount: Int { state.withLock { $0.waiters.count } }

    private func acquire() async throws -> SQLiteConnection {
        if let conn = state.withLock({ s -> SQLiteConnection? in
            guard !s.closed, let c = s.idle.popLast() else { return nil }
            s.inUse += 1
            return c
        }) {
            return conn
        }
        return try await withCheckedThrowingContinuation { cont in
            let immediate: Result<SQLiteConnection, any Error>? = state.withLock { s in
                if s.closed { return .failure(ParleyError(.unavailable, "database is closed")) }
                if let c = s.idle.popLast() {
                    s.inUse += 1
                    return .success(c)
                }
                s.waiters.append(cont)
                return nil
            }
            if let immediate { cont.resume(with: immediate) }
        }
    }

    /// Hands the connection to the next waiter or back to the pool; closes it when the pool was
    /// closed while it was in use.
    private func release(_ conn: SQLiteConnection) async {
        var closing = false
        let waiter: CheckedContinuation<SQLiteConnection, any Error>? = state.withLock { s in
            if s.closed {
                s.inUse -= 1
                closing = true
                return nil
            }
            if s.waiters.isEmpty {
                s.idle.append(conn)
                s.inUse -= 1
                return nil
            }
            return s.waiters.removeFirst()
        }
        waiter?.resume(returning: conn)
        // In a task of its own: the caller may be cancelled, and sqlite-nio refuses work from a cancelled task.
        if closing { await Task { try? await conn.close() }.value }
    }

    func close() async {
        let (conns, waiters) = state.withLock { s -> ([SQLiteConnection], [CheckedContinuation<SQLiteConnection, any Error>]) in
            s.closed = true
            let result = (s.idle, s.waiters)
            s.idle = []
            s.waiters = []
            return result
        }
        for w in waiters { w.resume(throwing: ParleyError(.unavailable, "database is closed")) }
        await Task { for c in conns { try? await c.close() } }.value
    }
}
