import Crypto
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import ParleyAPI
import ParleyAudio
import ParleyCalls
import ParleyCore
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
    private let slot: MediaCallSlot
    private var live: LiveCall? { slot.live }
    private var agentFrame = [Int16](repeating: 0, count: 160)
    private var lateFrames = LateFrameDetector()
    /// Whether the previous frame carried agent audio, and how many marks were sent.
    private var agentSpeaking = false
    private var sentMarks = 0
    private let clock = ContinuousClock()
    private let opened = ContinuousClock.now

    init(environment: APIEnvironment, settings: MediaSettings, authorizer: StreamAuthorizer, logger: Logger) {
        self.environment = environment
        self.settings = settings
        self.authorizer = authorizer
        self.logger = logger
        slot = MediaCallSlot(settings: settings)
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
                case .markPlayed(let name):
                    // Twilio played everything sent before the mark (or dropped it on `clear`).
                    live?.note("agent_audio_played", detail: ["mark": name])
                case .stopped:
                    live?.engine.remoteHangup()
                    closeReason = "remote_hangup"
                    break messages
                }
                if let live, live.hasEnded { break messages }
            }
        } catch let error as TwilioStreamError {
            logger.warning("Twilio media stream refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            live?.note("protocol_error", detail: ["code": error.code.rawValue])
            closeReason = "protocol_error"
        } catch let error as ParleyError {
            logger.warning("Twilio media stream refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            closeReason = MediaCallSlot.endReason(refusedWith: error)
        } catch {
            logger.warning("Twilio media stream failed", metadata: ["error": .string("\(error)")])
            closeReason = "failed"
        }
        // The record is complete before the socket closes, so whoever sees the close can read it.
        await slot.finish(fallbackReason: closeReason ?? "stream_closed", transfer: transfer)
        try? await outbound.close(MediaCallSlot.closeCode(endReason: closeReason), reason: nil)
    }

    private func start(_ info: TwilioStartInfo, upgradeSignature: String?) async throws {
        let (org, agent) = try await authorizer.authorize(info, upgradeSignature: upgradeSignature)
        try slot.admit(org: org)
        logger[metadataKey: "org.id"] = .string(org)
        logger[metadataKey: "agent.id"] = .string(agent.id)
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
                agentID: agent.id, agentVersion: agent.version,
                recordingSampleRate: agent.configuration.recordingEnabled ? rate : nil))
        }
        logger[metadataKey: "call.id"] = .string(record.id)
        var variables: [String: String] = [:]
        for (name, value) in info.customParameters where !["token", "agent", "direction", "call_id"].contains(name) {
            variables[name == "from" ? "caller_number" : name] = value
        }
        slot.live = try await LiveCall(.init(org: org, agent: agent, record: record, recordingKey: key, sampleRate: rate, variables: variables),
                                  environment: environment, settings: settings, logger: logger)
        logger.info("call started", metadata: ["call.sid": .string(info.callSid)])
    }

    private func play(_ audio: TwilioAudio, outbound: WebSocketOutboundWriter) async throws {
        guard let live else { return }
        if lateFrames.isLate(arrival: (clock.now - opened).wholeMilliseconds, mediaTime: audio.time.milliseconds) {
            settings.metrics?.lateFrame()
        }
        let frames = audio.samples.count / 160
        for index in 0..<frames {
            let time = MediaTime(milliseconds: audio.time.milliseconds + Int64(index * 20))
            let played = audio.samples.withUnsafeBufferPointer { all in
                agentFrame.withUnsafeMutableBufferPointer { agent in
                    live.process(caller: UnsafeBufferPointer(rebasing: all[(index * 160)..<((index + 1) * 160)]), at: time, agentFrame: agent)
                }
            }
            if live.takeClearRequest() {
                try await outbound.write(.text(try stream.clearMessage()))
            }
            if played {
                let message = try agentFrame.withUnsafeBufferPointer { try stream.mediaMessage($0) }
                try await outbound.write(.text(message))
            } else if agentSpeaking {
                // The end of an agent burst: Twilio echoes the mark once it has played.
                sentMarks += 1
                try await outbound.write(.text(try stream.markMessage("agent-\(sentMarks)")))
            }
            agentSpeaking = played
            if live.hasEnded { return }
        }
    }

    /// The agent handed the call over: Twilio dials the target once the stream ends.
    private func transfer(_ live: LiveCall, to target: String) async {
        guard let dialer = settings.dialer else {
            logger.warning("the agent asked for a transfer but no dialer is configured")
            return
        }
        do {
            try await dialer.transfer(org: live.record.orgID, call: live.record, to: target)
            logger.info("call transferred")
        } catch {
            live.note("transfer_failed")
            logger.error("transfer failed", metadata: ["error": .string("\(error)")])
        }
    }
}
