import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import ParleyCore

/// N simulated Twilio calls against a Parley server on loopback, on one event loop group of
/// its own: connected over a ramp, held while `hold` measures, then hung up with `stop`.
public struct MediaLoadGenerator: Sendable {
    public var host = "127.0.0.1"
    public var port: Int
    public var script: CallerScript
    /// Event loop threads of the load generator.
    public var threads: Int

    public init(port: Int, script: CallerScript, threads: Int = 1) {
        self.port = port
        self.script = script
        self.threads = max(threads, 1)
    }

    public struct Outcome: Sendable {
        public var calls: [SimulatedCallStats]
        /// Calls that could not connect or upgrade.
        public var failedToConnect: Int
    }

    /// Starts `calls` calls spread over `ramp`, runs `hold` once all are started, then hangs up
    /// every call and waits until the server has closed them.
    public func run<Measured: Sendable>(calls: Int, ramp: Duration, run: String, live: LiveCallCounter,
                                        hold: @Sendable () async throws -> Measured) async throws -> (Outcome, Measured) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let loops = Array(group.makeIterator())
        var pacers: [NIOLoopBound<MediaPacer>] = []
        for loop in loops {
            pacers.append(try await loop.submit {
                let pacer = MediaPacer()
                pacer.start(on: loop)
                return NIOLoopBound(pacer, eventLoop: loop)
            }.get())
        }
        var results: [EventLoopFuture<SimulatedCallStats>] = []
        let clock = ContinuousClock()
        let begin = clock.now
        for index in 0..<calls {
            let due = begin + ramp * (Double(index) / Double(max(calls, 1)))
            if due > clock.now { try await clock.sleep(until: due) }
            let loop = loops[index % loops.count]
            results.append(connect(index: index, run: run, loop: loop, pacer: pacers[index % loops.count], live: live))
        }
        let measured = try await hold()
        for (loop, pacer) in zip(loops, pacers) {
            try await loop.submit { pacer.value.hangUpAll() }.get()
        }
        var stats: [SimulatedCallStats] = []
        var failed = 0
        for future in results {
            do { stats.append(try await future.get()) } catch { failed += 1 }
        }
        for (loop, pacer) in zip(loops, pacers) {
            try await loop.submit { pacer.value.stop() }.get()
        }
        try await group.shutdownGracefully()
        return (Outcome(calls: stats, failedToConnect: failed), measured)
    }

    private func connect(index: Int, run: String, loop: any EventLoop, pacer: NIOLoopBound<MediaPacer>,
                         live: LiveCallCounter) -> EventLoopFuture<SimulatedCallStats> {
        let promise = loop.makePromise(of: SimulatedCallStats.self)
        let script = self.script
        let hostHeader = "\(host):\(port)"
        let connection = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(30))
            .channelInitializer { channel in
                let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: 1 << 16) { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SimulatedTwilioCall(
                            index: index, run: run, script: script, pacer: pacer, live: live, result: promise))
                    }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try channel.pipeline.syncOperations.addHandler(UpgradeRequestSender(host: hostHeader, path: "/v1/media/twilio"))
                }
            }
            .connect(host: host, port: port)
        connection.whenComplete { result in
            switch result {
            case .success(let channel):
                // Completes the promise only when the upgrade never happened (a second completion is ignored).
                channel.closeFuture.whenComplete { _ in
                    promise.fail(ParleyError(.unavailable, "call \(index): closed before the WebSocket upgrade"))
                }
            case .failure(let error):
                promise.fail(error)
            }
        }
        return promise.futureResult
    }
}
