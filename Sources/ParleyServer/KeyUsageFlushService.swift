import Logging
import ParleyIdentity
import ServiceLifecycle

/// Writes coalesced API-key last-used times every `interval`, and once more at shutdown.
struct KeyUsageFlushService: Service {
    let tracker: APIKeyUsageTracker
    let repository: APIKeyRepository
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await flush()
        }
        await flush()
    }

    func flush() async {
        let usage = tracker.drain()
        guard !usage.isEmpty else { return }
        do {
            try await repository.recordUsage(usage)
        } catch {
            tracker.restore(usage)
            logger.warning("could not record API key usage; will retry", metadata: ["error": .string("\(error)")])
        }
    }
}
