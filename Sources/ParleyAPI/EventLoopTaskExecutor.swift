import NIOCore

/// Runs a request's task on the event loop that received it, so handling a request does not hop
/// to Swift's cooperative pool and back (two thread switches per request on a 2-core machine).
/// Blocking work (bcrypt, flite) still goes to dedicated thread pools.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { unowned.runSynchronously(on: executor) }
    }
}
