import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyTelephony
import ParleyVoice

/// One browser call socket (`/v1/media/browser`): the page sends `start` with a ticket from
/// `POST /v1/agents/{id}/web-calls`, then microphone audio as PCM16; the agent's audio comes
/// back as PCM16 frames, one per caller frame, with `clear` on a committed barge-in and the
/// live transcript, events and turn latency as JSON messages.
///
/// Confined to the connection's handler task. Bad input is a typed error: an `error` message,
/// the socket closed, and the call record kept with end reason `protocol_error`.
final class BrowserMediaStream {
    let environment: APIEnvironment
    let settings: MediaSettings
    let tickets: BrowserCallTickets
    var logger: Logger
    private var stream: BrowserCallProtocol
    private let slot: MediaCallSlot
    private var live: LiveCall? { slot.live }
    private var callerFrame: [Int16] = []
    private var agentFrame: [Int16] = []
    /// Live updates waiting to be sent (appended on the frame loop, sent after the frame).
    private var updates: [String] = []

    init(environment: APIEnvironment, settings: MediaSettings, tickets: BrowserCallTickets, logger: Logger) {
        self.environment = environment
        self.settings = settings
        self.tickets = tickets
        self.logger = logger
        slot = MediaCallSlot(settings: settings)
        var configuration = BrowserCallProtocol.Configuration()
        configuration.maxLeadMilliseconds = settings.browserAudioLead.wholeMilliseconds
        // Pacing is checked against real time, whatever clock stamps the records.
        stream = BrowserCallProtocol(configuration: configuration, clock: SystemWallClock())
    }

    /// Runs until the page stops, the call ends, or the input is bad.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        var closeReason: String?
        // A socket that never starts is closed after the start timeout.
        let watchdog = Task { [timeout = settings.browserStartTimeout] in
            try await Task.sleep(for: timeout)
            try await outbound.close(.policyViolation, reason: "no start message")
        }
        do {
            messages: for try await message in inbound.messages(maxSize: stream.configuration.maxMessageBytes) {
                switch message {
                case .text(let text):
                    switch try stream.receive(text: text) {
                    case .start(let token, let rate):
                        watchdog.cancel()
                        try await start(token: token, sampleRate: rate, outbound: outbound)
                    case .dtmf(let digit):
                        live?.engine.receiveDTMF(digit)
                    case .stop:
                        live?.engine.remoteHangup()
                        closeReason = "remote_hangup"
                        break messages
                    case nil:
                        break
                    }
                case .binary(let buffer):
                    try buffer.withUnsafeReadableBytes { bytes throws(BrowserCallError) in try stream.receive(audio: bytes) }
                    try await play(outbound: outbound)
                }
                try await sendUpdates(outbound)
                if let live, live.hasEnded { break messages }
            }
        } catch let error as BrowserCallError {
            logger.warning("browser call refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            live?.note("protocol_error", detail: ["code": error.code.rawValue])
            try? await outbound.write(.text(BrowserCallProtocol.errorMessage(code: error.code.rawValue, message: error.message)))
            closeReason = "protocol_error"
        } catch let error as ParleyError {
            logger.warning("browser call refused", metadata: ["error.code": .string(error.code.rawValue), "error": .string(error.message)])
            try? await outbound.write(.text(BrowserCallProtocol.errorMessage(code: error.code.rawValue, message: error.message)))
            closeReason = MediaCallSlot.endReason(refusedWith: error)
        } catch {
            logger.warning("browser call failed", metadata: ["error": .string("\(error)")])
            closeReason = "failed"
        }
        watchdog.cancel()
        try? await sendUpdates(outbound)
        let engineEnded = live?.hasEnded ?? false
        // The record is complete before the socket closes, so whoever sees the close can read it.
        await slot.finish(fallbackReason: closeReason ?? "stream_closed")
        if !engineEnded {
            try? await outbound.write(.text(CallUpdateJSON.socketMessage(.ended(reason: closeReason ?? "stream_closed"))))
        }
        try? await outbound.close(MediaCallSlot.closeCode(endReason: closeReason), reason: nil)
    }

    private func start(token: String, sampleRate: Int, outbound: WebSocketOutboundWriter) async throws {
        let claims = try tickets.admit(token)
        guard let agent = try await environment.agents.find(claims.agentID, org: claims.orgID) else {
            throw ParleyError(.notFound, "the ticket's agent no longer exists")
        }
        try slot.admit(org: claims.orgID)
        logger[metadataKey: "org.id"] = .string(claims.orgID)
        logger[metadataKey: "agent.id"] = .string(agent.id)
        let (record, key) = try await environment.calls.start(org: claims.orgID, CallStart(
            direction: .browser, transport: "browser", agentID: agent.id, agentVersion: agent.version,
            recordingSampleRate: agent.configuration.recordingEnabled ? sampleRate : nil))
        logger[metadataKey: "call.id"] = .string(record.id)
        callerFrame = [Int16](repeating: 0, count: sampleRate / 50)
        agentFrame = [Int16](repeating: 0, count: sampleRate / 50)
        let call = try await LiveCall(.init(org: claims.orgID, agent: agent, record: record, recordingKey: key,
                                            sampleRate: sampleRate, variables: [:]),
                                      environment: environment, settings: settings, logger: logger)
        call.onUpdate = { [weak self] update in self?.updates.append(CallUpdateJSON.socketMessage(update)) }
        slot.live = call
        try await outbound.write(.text(BrowserCallProtocol.startedMessage(callID: record.id, sampleRate: sampleRate)))
        logger.info("browser call started")
    }

    /// Runs every whole frame received so far through the call.
    private func play(outbound: WebSocketOutboundWriter) async throws {
        guard let live else { return }
        while true {
            let time = callerFrame.withUnsafeMutableBufferPointer { stream.nextFrame(into: $0) }
            guard let time else { return }
            let played = callerFrame.withUnsafeBufferPointer { caller in
                agentFrame.withUnsafeMutableBufferPointer { agent in
                    live.process(caller: caller, at: MediaTime(milliseconds: time), agentFrame: agent)
                }
            }
            if live.takeClearRequest() {
                try await outbound.write(.text(BrowserCallProtocol.clearMessage))
            }
            if played {
                let message = agentFrame.withUnsafeBufferPointer { BrowserCallProtocol.audioMessage($0, allocator: ByteBufferAllocator()) }
                try await outbound.write(.binary(message))
            }
            try await sendUpdates(outbound)
            if live.hasEnded { return }
        }
    }

    private func sendUpdates(_ outbound: WebSocketOutboundWriter) async throws {
        guard !updates.isEmpty else { return }
        let pending = updates
        updates.removeAll(keepingCapacity: true)
        for message in pending { try await outbound.write(.text(message)) }
    }
}
