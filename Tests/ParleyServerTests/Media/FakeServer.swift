import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a Hummingbird router on a loopback port around a test body, then stops it with a
/// graceful shutdown — never by cancelling the server task, which drops connections accepted
/// but not yet served and makes NIO trap (apple/swift-nio#3481).
enum FakeServer {
    static func run(_ router: Router<BasicRequestContext>, _ body: (_ baseURL: String) async throws -> Void) async throws {
        let (ready, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "parley.tests.fake")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() }, logger: logger)
        let services = ServiceGroup(services: [app], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ready.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            var failure: (any Error)?
            do { try await body("http://127.0.0.1:\(port)") } catch { failure = error }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            if let failure { throw failure }
        }
    }
}
