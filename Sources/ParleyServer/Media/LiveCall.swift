import Crypto
import Foundation
import Logging
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyProviders
import ParleyVoice

/// A call in progress on any media transport (Twilio Media Streams, the browser): the engine
/// fed with caller frames on the transport's media clock, the recorder, the live recording,
/// live listeners and webhooks, and the record written at the end. Confined to the
/// connection's task; transports only translate their protocol to frames and back.
final class LiveCall {
    let record: CallRecord
    let engine: CallEngine
    let recorder: CallRecorder
    let recording: LiveRecording?
    let sampleRate: Int
    /// Samples in one 20 ms frame.
    let frameSamples: Int
    /// Media time of the latest caller frame (ms).
    private(set) var lastMediaTime: Int64 = 0
    /// Called on the frame loop with every update (after live listeners); must not block.
    var onUpdate: ((CallUpdate) -> Void)?
    private let environment: APIEnvironment
    private let settings: MediaSettings
    private var logger: Logger
    private let flusher: Task<Void, Never>?

    /// What a transport knows when its call is admitted.
    struct Opening {
        var org: String
        var agent: StoredAgent
        var record: CallRecord
        /// The recording key when the call is recorded.
        var recordingKey: SymmetricKey?
        var sampleRate: Int
        /// Per-call variables for the agent's templates.
        var variables: [String: String]
    }

    /// Builds the engine and recording for an admitted call, announces `call.started` and
    /// starts the conversation at media time zero.
    init(_ opening: Opening, environment: APIEnvironment, settings: MediaSettings, logger: Logger) async throws {
        self.environment = environment
        self.settings = settings
        self.logger = logger
        record = opening.record
        sampleRate = opening.sampleRate
        frameSamples = opening.sampleRate / 50
        let configuration = opening.agent.configuration
        let spool = opening.recordingKey == nil ? nil : RecordingSpool(sampleRate: opening.sampleRate)
        if let spool, let key = opening.recordingKey {
            recording = try LiveRecording(spool: spool, store: settings.blobs,
                                          name: RecordingWriter.blobName(org: opening.org, call: record.id), key: key)
        } else {
            recording = nil
        }
        let direction: CallDirection = opening.record.direction == .outbound ? .outbound : .inbound
        let tools = await Self.callContext(for: configuration, record: opening.record, environment: environment, logger: logger)
        engine = try CallEngine(
            session: CallSessionConfiguration(agent: configuration, sampleRate: opening.sampleRate, direction: direction),
            providers: try settings.providers(configuration, tools),
            detector: try VoiceActivityEstimator(sampleRate: opening.sampleRate),
            variables: opening.variables,
            screen: { configuration.screen($0) })
        recorder = CallRecorder(spool: spool)
        flusher = recording.map { recording in
            Task { [interval = settings.recordingFlushInterval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    await recording.flush()
                }
            }
        }
        let (metrics, hub, callID) = (settings.metrics, settings.liveCalls, record.id)
        hub.callStarted(callID)
        recorder.onUpdate = { [weak self] update in
            if case .turn(let telemetry) = update { metrics?.record(telemetry) }
            hub.publish(callID, update)
            self?.onUpdate?(update)
        }
        engine.observer = recorder
        await announce(record, "call.started")
        engine.start(at: .zero)
    }

    /// Whether the engine ended the call (hang-up, transfer, limit).
    var hasEnded: Bool { recorder.endReason != nil }

    /// One 20 ms caller frame at media time `time`; fills `agentFrame` and returns true when
    /// the agent speaks in this frame. Both sides go to the recording spool (no I/O).
    func process(caller: UnsafeBufferPointer<Int16>, at time: MediaTime, agentFrame: UnsafeMutableBufferPointer<Int16>) -> Bool {
        lastMediaTime = time.milliseconds
        let played = engine.processCallerFrame(caller, at: time, agentFrame: agentFrame)
        recorder.recordFrame(caller: caller, agent: played ? UnsafeBufferPointer(agentFrame) : nil)
        return played
    }

    /// True once after a committed barge-in: the transport flushes its playout buffer.
    func takeClearRequest() -> Bool {
        guard recorder.clearRequested else { return false }
        recorder.clearRequested = false
        return true
    }

    /// A transport-level event (carrier keypad digit, protocol error) for the record.
    func note(_ kind: String, detail: [String: String] = [:]) {
        recorder.note(CallEventRecord(atMilliseconds: lastMediaTime, kind: kind, detail: detail))
    }

    /// Ends the call: stops the engine, finishes the recording, runs `transfer` when the agent
    /// handed the call over, writes the record and announces `call.ended`.
    func finish(fallbackReason: String, transfer: ((String) async -> Void)? = nil) async {
        defer { settings.liveCalls.callEnded(record.id) }
        engine.shutdown()
        flusher?.cancel()
        var bytes: Int64?
        if let recording {
            do {
                bytes = try await recording.finish()
            } catch {
                logger.error("recording could not be finished", metadata: ["error": .string("\(error)")])
            }
        }
        if let target = recorder.transferTarget {
            if let transfer {
                await transfer(target)
            } else {
                note("transfer_failed", detail: ["reason": "the transport cannot transfer"])
            }
        }
        let outcome = recorder.outcome(endedAt: environment.clock.nowMicros(), durationMilliseconds: lastMediaTime + 20,
                                       fallbackReason: fallbackReason, recordingBytes: bytes)
        do {
            try await environment.calls.finish(record.id, org: record.orgID, outcome)
            if let ended = try await environment.calls.find(record.id, org: record.orgID) { await announce(ended, "call.ended") }
            logger.info("call ended", metadata: ["end_reason": .string(outcome.endReason), "turns": .stringConvertible(outcome.turns.count)])
        } catch {
            logger.error("call record could not be written", metadata: ["error": .string("\(error)")])
        }
    }

    /// What the call's providers need from the org: the call id, the tool signing secret (read
    /// only for agents with tools; without it tools answer `not_configured`) and the cloud
    /// providers' API keys (org secrets; see `ProviderCredentials`).
    private static func callContext(for agent: AgentConfiguration, record: CallRecord, environment: APIEnvironment,
                                     logger: Logger) async -> CallContext {
        var context = CallContext(callID: record.id)
        var names = ProviderCredentials.secretNames(for: agent)
        if !agent.tools.isEmpty { names.append(CallContext.signingSecretName) }
        for name in names {
            do {
                guard let value = try await environment.secrets.reveal(org: record.orgID, name: name) else {
                    if name == CallContext.signingSecretName {
                        logger.warning("the agent has tools but the organization has no \(name) secret; tool calls will be refused")
                    }
                    continue
                }
                if name == CallContext.signingSecretName { context.signingSecret = value } else { context.providerSecrets[name] = value }
            } catch {
                logger.error("an org secret for the call's providers could not be read", metadata: ["secret": .string(name), "error": .string("\(error)")])
            }
        }
        return context
    }

    /// Queues a webhook event for the call (delivery happens in `WebhookDispatcher`).
    private func announce(_ record: CallRecord, _ type: String) async {
        do {
            try await environment.webhooks.enqueue(org: record.orgID, type: type, data: CallObject(record).json)
        } catch {
            logger.error("webhook event could not be queued", metadata: ["event": .string(type), "error": .string("\(error)")])
        }
    }
}
