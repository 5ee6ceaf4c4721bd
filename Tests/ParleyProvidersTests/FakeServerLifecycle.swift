import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a fake server around a test body and stops it only once the body is done.
///
/// Stopping is a graceful shutdown, never a cancellation of the server task. A connection the
/// server accepted but has not served yet (a loaded machine, a client that already gave up on
/// a short deadline) waits in the server's `NIOAsyncChannel` inbound; cancelling the accept
/// loop drops it without `executeThenClose`, and NIO traps with "Deinited NIOAsyncWriter
/// without calling finish()" (apple/swift-nio#3481). A graceful shutdown closes the listening
/// socket, keeps draining accepted connections and lets them finish.
///
/// `stopping` hears of the shutdown first, so scripted answers that hang or stall end too
/// (otherwise the graceful shutdown would wait for them).
final class FakeServerLifecycle: Sendable {
    /// Records one event when the server begins to stop.
    let stopping = EventLog<Bool>()

    /// Waits until the server is stopping (or `limit` passed): how hanging answers hang.
    func untilStopping(limit: Duration = .seconds(120)) async {
        _ = await stopping.wait(timeout: limit) { !$0.isEmpty }
    }

    /// Builds the application with the `onServerRunning` hook it needs, runs it, hands `body`
    /// its port and shuts it down gracefully when `body` returns or throws.
    func run<App: ApplicationProtocol>(
        _ makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> App,
        _ body: (Int) async throws -> Void
    ) async throws {
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let app = makeApplication { channel in
            readyContinuation.yield(channel.localAddress?.port ?? 0)
            readyContinuation.finish()
        }
        var logger = Logger(label: "parley.tests.fake-server")
        logger.logLevel = .warning
        let services = ServiceGroup(services: [app], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // A server that fails to start ends the wait for its port.
                defer { readyContinuation.finish() }
                try await services.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw FakeServerError()
            }
            let failure: (any Error)?
            do {
                try await body(port)
                failure = nil
            } catch {
                failure = error
            }
            stopping.record(true)
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            if let failure { throw failure }
        }
    }
}

struct FakeServerError: Error, CustomStringConvertible {
    var description: String { "the fake server did not start" }
}
