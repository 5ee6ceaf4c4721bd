import Crypto
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import ParleyAPI
import ParleyAudio
import ParleyCalls
import ParleyCore
import ParleyProviders
import ParleyTelephony
import ParleyVoice

/// One Twilio Media Streams WebSocket: protocol, authorization, the call engine fed
/// with caller frames on Twilio's media clock, agent frames sent back one per caller
/// frame, `clear` on a committed barge-in, and the call record written at the end.
///
/// Confined to the connection's handler task. Malformed input (binary frames, bad
/// base64, events out of order, oversized frames, another streamSid) is a typed error:
/// logged, the stream closed, and the call record kept with end reason `protocol_error`.
final class TwilioMediaStream {
    let environment: APIEnvironment
    let settings: MediaSettings
    let authorizer: StreamAuthorizer
    let calls: CallRepository
    var logger: Logger
    private var stream: TwilioStreamProtocol
    private var live: LiveTwilioCall?
    private var agentFrame = [Int16](repeating: 0, count: 160)
    private var lateFrames = LateFrameDetector()
    private let clock = ContinuousClock()
    private let opened = ContinuousClock.now
    /// The org holding an admission slot for this stream.
    private var admittedOrg: String?

    init(environment: APIEnvironment, settings: MediaSettings, authorizer: StreamAuthorizer, logger: Logger) {
        self.environment = environment
        self.settings = settings
        self.authorizer = authorizer
        self.logger = logger
        calls = CallRepository(database: environment.database, keyring: environment.keyring, clock: environment.clock)
        stream = TwilioStreamProtocol(clock: environment.clock)
    }

    /// Runs until Twilio stops the stream, the call ends, or the input is bad.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, upgradeSignature: String?) async {
        var closeReason: String?
        do {
            messages: for try await message in inbound.messages(maxSize: stream.configuration.maxFrameBytes) {
                let event: TwilioStreamEvent?
                switch message {
                case .binary(let buffer):
                    throw stream.receiveBinaryFrame(byteCount: buffer.readableBytes)
                case .text(let text):
                    event = try stream.receive(text: text)
                }
                guard let event else { continue }
                switch event {
                case .started(let info):
                    try await start(info, upgradeSignature: upgradeSignature)
                case .audio(let audio):
                    try await play(audio, outbound: outbound)
                case .dtmf(let digit):
                    live?.engine.receiveDTMF(digit)
                case .markPlayed:
                    break
                case .stopped:
                    live?.engine.remoteHangup()
                    closeReason = "remote_hangup"
                    break messages
                }
                if let live, live.recorder.endReason != nil { break messages }
            }
        } catch let error as TwilioStreamError {
            logger.warning("Twilio media stream refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            live?.recorder.note(CallEventRecord(atMilliseconds: live?.lastMediaTime ?? 0, kind: "protocol_error", detail: ["code": error.code.rawValue]))
            closeReason = "protocol_error"
        } catch let error as ParleyError {
            logger.warning("Twilio media stream refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            closeReason = error.code == .unauthorized ? "unauthorized" : error.code == .unavailable ? "busy" : "failed"
        } catch {
            logger.warning("Twilio media stream failed", metadata: ["error": .string("\(error)")])
            closeReason = "failed"
        }
        // The record is complete before the socket closes, so whoever sees the close can read it.
        await finish(fallbackReason: closeReason ?? "stream_closed")
        try? await outbound.close(closeReason == "protocol_error" ? .protocolError : .normalClosure, reason: nil)
    }

    private func start(_ info: TwilioStartInfo, upgradeSignature: String?) async throws {
        let (org, agent) = try await authorizer.authorize(info, upgradeSignature: upgradeSignature)
        guard settings.admission.admit(org: org) else {
            settings.metrics?.callRefused()
            throw ParleyError(.unavailable, "busy: the node or the organization is at its call limit")
        }
        admittedOrg = org
        settings.metrics?.callStarted(active: settings.admission.activeCalls)
        logger[metadataKey: "org.id"] = .string(org)
        logger[metadataKey: "agent.id"] = .string(agent.id)
        let configuration = agent.configuration
        let rate = 8_000
        let record: CallRecord
        let key: SymmetricKey?
        if let placed = info.customParameters["call_id"], info.customParameters["token"] != nil {
            // An outbound call placed by Parley: its record exists (the token proved the org).
            guard let waiting = try await calls.find(placed, org: org), waiting.externalID == info.callSid,
                  try await calls.markAnswered(placed, org: org), let existing = try await calls.find(placed, org: org) else {
                throw ParleyError(.conflict, "the placed call is not waiting for its media")
            }
            record = existing
            key = existing.recordingState == .spooling ? try await calls.recordingKey(placed, org: org) : nil
        } else {
            (record, key) = try await calls.start(org: org, CallStart(
                direction: info.customParameters["direction"] == "outbound" ? .outbound : .inbound, transport: "twilio",
                externalID: info.callSid, from: info.customParameters["from"], to: info.customParameters["to"],
                agentID: agent.id, agentVersion: agent.version, recordingSampleRate: configuration.recordingEnabled ? rate : nil))
        }
        let spool = key == nil ? nil : RecordingSpool(sampleRate: rate)
        logger[metadataKey: "call.id"] = .string(record.id)
        await announce(record, "call.started")
        var recording: LiveRecording?
        if let spool, let key {
            recording = try LiveRecording(spool: spool, store: settings.blobs, name: RecordingWriter.blobName(org: org, call: record.id), key: key)
        }
        var variables: [String: String] = [:]
        for (name, value) in info.customParameters where !["token", "agent", "direction", "call_id"].contains(name) {
            variables[name == "from" ? "caller_number" : name] = value
        }
        let direction: CallDirection = record.direction == .outbound ? .outbound : .inbound
        let tools = await toolContext(for: configuration, record: record)
        let engine = try CallEngine(
            session: CallSessionConfiguration(agent: configuration, sampleRate: rate, direction: direction),
            providers: try settings.providers(configuration, tools),
            detector: try VoiceActivityEstimator(sampleRate: rate),
            variables: variables,
            screen: { configuration.screen($0) })
        let recorder = CallRecorder(spool: spool)
        let (metrics, hub, callID) = (settings.metrics, settings.liveCalls, record.id)
        hub.callStarted(callID)
        recorder.onUpdate = { update in
            if case .turn(let telemetry) = update { metrics?.record(telemetry) }
            hub.publish(callID, update)
        }
        engine.observer = recorder
        live = LiveTwilioCall(record: record, engine: engine, recorder: recorder, recording: recording,
                              flushInterval: settings.recordingFlushInterval, startedAt: environment.clock.nowMicros())
        engine.start(at: .zero)
        logger.info("call started", metadata: ["call.sid": .string(info.callSid)])
    }

    private func play(_ audio: TwilioAudio, outbound: WebSocketOutboundWriter) async throws {
        guard let live else { return }
        let elapsed = clock.now - opened
        let arrival = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        if lateFrames.isLate(arrival: arrival, mediaTime: audio.time.milliseconds) { settings.metrics?.lateFrame() }
        let frames = audio.samples.count / 160
        for index in 0..<frames {
            let time = MediaTime(milliseconds: audio.time.milliseconds + Int64(index * 20))
            live.lastMediaTime = time.milliseconds
            let played = audio.samples.withUnsafeBufferPointer { all in
                let caller = UnsafeBufferPointer(rebasing: all[(index * 160)..<((index + 1) * 160)])
                return agentFrame.withUnsafeMutableBufferPointer { agent in
                    let played = live.engine.processCallerFrame(caller, at: time, agentFrame: agent)
                    live.recorder.recordFrame(caller: caller, agent: played ? UnsafeBufferPointer(agent) : nil)
                    return played
                }
            }
            if live.recorder.clearRequested {
                live.recorder.clearRequested = false
                try await outbound.write(.text(try stream.clearMessage()))
            }
            if played {
                let message = try agentFrame.withUnsafeBufferPointer { try stream.mediaMessage($0) }
                try await outbound.write(.text(message))
            }
            if live.recorder.endReason != nil { return }
        }
    }

    /// What the agent's webhook tools need: the call id and the org's signing secret (read
    /// only for agents with tools; when missing or unreadable the tools answer `not_configured`).
    private func toolContext(for agent: AgentConfiguration, record: CallRecord) async -> ToolCallContext {
        guard !agent.tools.isEmpty else { return ToolCallContext(callID: record.id) }
        do {
            let secret = try await environment.secrets.reveal(org: record.orgID, name: ToolCallContext.signingSecretName)
            if secret == nil {
                logger.warning("the agent has tools but the organization has no \(ToolCallContext.signingSecretName) secret; tool calls will be refused")
            }
            return ToolCallContext(callID: record.id, signingSecret: secret)
        } catch {
            logger.error("the tool signing secret could not be read", metadata: ["error": .string("\(error)")])
            return ToolCallContext(callID: record.id)
        }
    }

    /// The agent handed the call over: Twilio dials the target once the stream ends.
    private func transfer(_ live: LiveTwilioCall, to target: String) async {
        guard let dialer = settings.dialer else {
            logger.warning("the agent asked for a transfer but no dialer is configured")
            return
        }
        do {
            try await dialer.transfer(org: live.record.orgID, call: live.record, to: target)
            logger.info("call transferred")
        } catch {
            live.recorder.note(CallEventRecord(atMilliseconds: live.lastMediaTime, kind: "transfer_failed"))
            logger.error("transfer failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// Queues a webhook event for the call (delivery happens in `WebhookDispatcher`).
    private func announce(_ record: CallRecord, _ type: String) async {
        do {
            try await environment.webhooks.enqueue(org: record.orgID, type: type, data: CallObject(record).json)
        } catch {
            logger.error("webhook event could not be queued", metadata: ["event": .string(type), "error": .string("\(error)")])
        }
    }

    private func finish(fallbackReason: String) async {
        if let org = admittedOrg {
            admittedOrg = nil
            settings.admission.release(org: org)
            settings.metrics?.callEnded(active: settings.admission.activeCalls)
        }
        guard let live else { return }
        self.live = nil
        defer { settings.liveCalls.callEnded(live.record.id) }
        live.engine.shutdown()
        live.stopFlushing()
        var bytes: Int64?
        if let recording = live.recording {
            do {
                bytes = try await recording.finish()
            } catch {
                logger.error("recording could not be finished", metadata: ["error": .string("\(error)")])
            }
        }
        if let target = live.recorder.transferTarget {
            await transfer(live, to: target)
        }
        let now = environment.clock.nowMicros()
        let outcome = live.recorder.outcome(endedAt: now, durationMilliseconds: live.lastMediaTime + 20,
                                            fallbackReason: fallbackReason, recordingBytes: bytes)
        do {
            try await calls.finish(live.record.id, org: live.record.orgID, outcome)
            if let ended = try await calls.find(live.record.id, org: live.record.orgID) { await announce(ended, "call.ended") }
            logger.info("call ended", metadata: ["end_reason": .string(outcome.endReason), "turns": .stringConvertible(outcome.turns.count)])
        } catch {
            logger.error("call record could not be written", metadata: ["error": .string("\(error)")])
        }
    }
}
