import Logging
import ServiceLifecycle

/// The Service that links queued audit events into chains every `interval` (short, so each round
/// holds SQLite's writer briefly), writes checkpoints every `checkpointEvery` rounds (a minute)
/// and once more at shutdown after a final link.
public struct AuditChainBuilder: Service {
    let log: AuditLog
    let checkpoints: AuditCheckpoints
    let interval: Duration
    let checkpointEvery: Int
    let logger: Logger

    public init(log: AuditLog, checkpoints: AuditCheckpoints, interval: Duration = .milliseconds(50), checkpointEvery: Int = 1_200,
                logger: Logger) {
        self.log = log
        self.checkpoints = checkpoints
        self.interval = interval
        self.checkpointEvery = checkpointEvery
        self.logger = logger
    }

    public func run() async throws {
        var rounds = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await linkAll()
            rounds += 1
            if rounds % checkpointEvery == 0 { await checkpoint() }
        }
        await linkAll()
        await checkpoint()
    }

    func linkAll() async {
        do {
            while try await log.link() > 0 {}
        } catch {
            logger.error("audit chain builder failed; will retry", metadata: ["error": .string("\(error)")])
        }
    }

    func checkpoint() async {
        do { try await checkpoints.write() } catch {
            logger.error("could not write audit checkpoints", metadata: ["error": .string("\(error)")])
        }
    }
}
