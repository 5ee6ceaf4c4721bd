import NIOCore
import NIOWebSocket

/// Twilio's side of one call for the load generator, on the channel's event loop after the
/// WebSocket upgrade: `connected` and `start`, then a 20 ms caller frame whenever the pacer
/// says one is due (speech while the caller talks, silence otherwise), reading only the
/// `"event"` of what the server sends. The caller answers once the agent's audio stops and
/// interrupts every `bargeInEvery`-th turn; agent audio feeds a 60 ms playout model.
final class SimulatedTwilioCall: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Phase {
        /// Waiting for the agent to speak and then stop.
        case listening(since: Int64)
        /// Waiting for the agent to start a reply, to talk over it.
        case waitingToInterrupt(since: Int64)
        /// Speaking at `at`.
        case answering(at: Int64)
        case speaking(frame: Int)
        case hangingUp
    }

    static let frameMicros: Int64 = 20_000
    /// No agent audio for this long after some arrived: the agent finished its turn.
    static let agentDoneMicros: Int64 = 200_000
    static let stallMicros: Int64 = 10_000_000
    static let clearTimeoutMicros: Int64 = 3_000_000

    private let script: CallerScript
    private let callSid: String
    private let streamSid: String
    private let streamSidBytes: [UInt8]
    private let pacer: NIOLoopBound<MediaPacer>
    private let live: LiveCallCounter
    private let result: EventLoopPromise<SimulatedCallStats>
    private var context: ChannelHandlerContext?
    private var stats = SimulatedCallStats()
    private var phase: Phase = .listening(since: 0)
    private var started: Int64 = 0
    private var nextDue: Int64 = 0
    private var sequence = 2
    private var mediaTime: Int64 = 0
    private var lastAgentFrame: Int64?
    /// A barge-in turn whose voiced onset has not been sent yet.
    private var interrupting = false
    private var bargeInOnset: Int64?
    private var lastAgentAfterOnset: Int64?
    private var masks: [WebSocketMaskingKey]
    private var maskIndex = 0

    init(index: Int, run: String, script: CallerScript, pacer: NIOLoopBound<MediaPacer>, live: LiveCallCounter,
         result: EventLoopPromise<SimulatedCallStats>) {
        self.script = script
        (callSid, streamSid) = CallerScript.ids(run: run, index: index)
        streamSidBytes = Array(streamSid.utf8)
        self.pacer = pacer
        self.live = live
        self.result = result
        // Clients must mask; a few keys per call keep the random generator off the frame path.
        masks = (0..<8).map { _ in WebSocketMaskingKey.random() }
    }

    static func nowMicros() -> Int64 {
        Int64(NIODeadline.now().uptimeNanoseconds / 1_000)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        started = Self.nowMicros()
        stats.startedAt = started
        nextDue = started
        phase = .listening(since: started)
        stats.connected = true
        send(script.connected(), context: context)
        send(script.start(callSid: callSid, streamSid: streamSid), context: context)
        context.flush()
        live.increment()
        pacer.value.add(self)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish()
    }

    private func finish() {
        guard context != nil else { return }
        context = nil
        if case .hangingUp = phase {} else { stats.closedByServer = true }
        stats.durationMicros = mediaTime
        live.decrement()
        pacer.value.remove(self)
        result.succeed(stats)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: - From the server

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            received(frame.unmaskedData, at: Self.nowMicros())
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: nextMask(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    /// Reads `{"event":"…"` and, for media, the payload length (the payload is the last field).
    private func received(_ message: ByteBuffer, at now: Int64) {
        let prefix = 10  // {"event":"
        guard message.readableBytes > prefix + 2, let first = message.getInteger(at: message.readerIndex + prefix, as: UInt8.self),
              let second = message.getInteger(at: message.readerIndex + prefix + 1, as: UInt8.self) else { return }
        switch (first, second) {
        case (UInt8(ascii: "m"), UInt8(ascii: "e")):
            agentAudio(frames: Self.mediaFrames(message), at: now)
        case (UInt8(ascii: "c"), _):
            stats.clears += 1
            stats.playout.clear()
            if let onset = bargeInOnset {
                stats.bargeInClearMillis.append(Double(now - onset) / 1_000)
                stats.bargeInStopMillis.append(Double((lastAgentAfterOnset ?? onset) - onset) / 1_000)
                bargeInOnset = nil
            }
        default:
            break
        }
    }

    /// 20 ms frames in a media message, from the length of its base64 payload.
    static func mediaFrames(_ message: ByteBuffer) -> Int {
        let end = message.readerIndex + message.readableBytes - 3  // before "}}
        var index = end - 1
        var padding = 0
        while index > message.readerIndex, let byte = message.getInteger(at: index, as: UInt8.self), byte != UInt8(ascii: "\"") {
            if byte == UInt8(ascii: "=") { padding += 1 }
            index -= 1
        }
        let characters = end - index - 1
        let bytes = characters / 4 * 3 - padding
        return max(1, (bytes + 159) / 160)
    }

    private func agentAudio(frames: Int, at now: Int64) {
        stats.playout.receive(frames: frames, at: now)
        lastAgentFrame = now
        if bargeInOnset != nil { lastAgentAfterOnset = now }
        if case .waitingToInterrupt = phase {
            phase = .answering(at: now + script.interruptAfterMicros)
        }
    }

    // MARK: - To the server

    /// Sends every frame that fell due by `now` (the pacer calls this every 2 ms).
    func tick(now: Int64) {
        guard let context else { return }
        if case .hangingUp = phase { return }
        var sent = false
        while nextDue <= now {
            let lag = now - nextDue
            if lag > Self.frameMicros { stats.lateSends += 1 }
            stats.maxSendLagMicros = max(stats.maxSendLagMicros, lag)
            guard let payload = nextPayload(at: now) else { break }
            var buffer = context.channel.allocator.buffer(capacity: 320)
            script.writeMedia(into: &buffer, streamSid: streamSidBytes, sequence: sequence, timestamp: mediaTime / 1_000, payload: payload)
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, maskKey: nextMask(), data: buffer)), promise: nil)
            sequence += 1
            mediaTime += Self.frameMicros
            stats.framesSent += 1
            nextDue += Self.frameMicros
            sent = true
        }
        if sent { context.flush() }
        if let onset = bargeInOnset, now - onset > Self.clearTimeoutMicros {
            stats.bargeInsWithoutClear += 1
            bargeInOnset = nil
        }
    }

    /// The caller's next frame: its script reacting to what the agent does.
    private func nextPayload(at now: Int64) -> [UInt8]? {
        switch phase {
        case .hangingUp:
            return nil
        case .listening(let since):
            if let last = lastAgentFrame, last > since {
                if now - last >= Self.agentDoneMicros { phase = .answering(at: now + script.answerDelayMicros) }
            } else if now - since > Self.stallMicros {
                stats.stalledTurns += 1
                phase = .answering(at: now)
            }
            return script.silence
        case .waitingToInterrupt(let since):
            if now - since > Self.stallMicros {
                stats.stalledTurns += 1
                phase = .answering(at: now)
            }
            return script.silence
        case .answering(let at):
            guard now >= at else { return script.silence }
            stats.callerTurns += 1
            stats.playout.callerStartedSpeaking()
            if stats.callerTurns % script.bargeInEvery == 0 {
                stats.bargeIns += 1
                interrupting = true
            }
            phase = .speaking(frame: 1)
            return speechFrame(0, at: now)
        case .speaking(let frame):
            if frame + 1 >= script.speech.count {
                phase = (stats.callerTurns + 1) % script.bargeInEvery == 0 ? .waitingToInterrupt(since: now) : .listening(since: now)
            } else {
                phase = .speaking(frame: frame + 1)
            }
            return speechFrame(min(frame, script.speech.count - 1), at: now)
        }
    }

    /// Frame `index` of the caller's line; on a barge-in turn its first voiced frame is the onset.
    private func speechFrame(_ index: Int, at now: Int64) -> [UInt8] {
        if interrupting, index >= script.speechOnsetFrame {
            interrupting = false
            bargeInOnset = now
            lastAgentAfterOnset = nil
        }
        return script.speech[index]
    }

    /// Twilio's hang-up: `stop`, then the server closes the socket once the call is recorded.
    func hangUp() {
        guard let context else { return }
        if case .hangingUp = phase { return }
        phase = .hangingUp
        send(script.stop(callSid: callSid, streamSid: streamSid, sequence: sequence), context: context)
        context.flush()
        // Twilio does not wait forever either.
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: .seconds(60)) { channel.close(promise: nil) }
    }

    private func send(_ text: String, context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, maskKey: nextMask(), data: buffer)), promise: nil)
    }

    private func nextMask() -> WebSocketMaskingKey {
        maskIndex = (maskIndex + 1) % masks.count
        return masks[maskIndex]
    }
}
