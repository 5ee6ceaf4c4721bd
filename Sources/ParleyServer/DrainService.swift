import Logging
import ParleyAPI
import ServiceLifecycle

/// First to hear about shutdown: marks the node as draining so /readyz fails and no new call
/// is admitted, waits `delay` for load balancers to notice, then lets live calls finish for up
/// to `callTimeout` before the HTTP server (and with it every media socket) stops.
struct DrainService: Service {
    let readiness: Readiness
    let delay: Duration
    let admission: CallAdmission?
    let callTimeout: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        readiness.startDraining()
        if let admission {
            let live = admission.activeCalls
            if live > 0 { logger.notice("draining: waiting for live calls to end", metadata: ["calls": .stringConvertible(live)]) }
            async let left = admission.drain(timeout: callTimeout)
            if delay > .zero { try? await Task.sleep(for: delay) }
            let cut = await left
            if cut > 0 { logger.warning("drain timeout: live calls are cut", metadata: ["calls": .stringConvertible(cut)]) }
        } else if delay > .zero {
            try? await Task.sleep(for: delay)
        }
    }
}
