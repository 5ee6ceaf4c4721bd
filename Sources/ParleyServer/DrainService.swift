import ParleyAPI
import ServiceLifecycle

/// First to hear about shutdown: marks the node as draining so /readyz fails, waits `delay`
/// for load balancers to notice, then lets the HTTP server stop.
struct DrainService: Service {
    let readiness: Readiness
    let delay: Duration

    func run() async throws {
        try? await gracefulShutdown()
        readiness.startDraining()
        if delay > .zero { try? await Task.sleep(for: delay) }
    }
}
