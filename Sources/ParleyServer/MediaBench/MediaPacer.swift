import NIOCore

/// One timer per event loop for every simulated call on it: every 2 ms it lets each call
/// send the frames that fell due, so 1,000 calls cost 500 timer ticks a second rather than
/// 50,000 scheduled tasks. Confined to its event loop.
final class MediaPacer {
    static let tick = TimeAmount.milliseconds(2)
    private var calls: [SimulatedTwilioCall] = []
    private var task: RepeatedTask?

    func start(on loop: any EventLoop) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        task = loop.scheduleRepeatedTask(initialDelay: Self.tick, delay: Self.tick) { _ in
            bound.value.tickAll()
        }
    }

    private func tickAll() {
        let now = SimulatedTwilioCall.nowMicros()
        for call in calls { call.tick(now: now) }
    }

    func add(_ call: SimulatedTwilioCall) {
        calls.append(call)
    }

    func remove(_ call: SimulatedTwilioCall) {
        calls.removeAll { $0 === call }
    }

    /// Every call sends `stop` (Twilio's hang-up) and waits for the server to close.
    func hangUpAll() {
        for call in calls { call.hangUp() }
    }

    func stop() {
        task?.cancel()
        task = nil
    }
}
