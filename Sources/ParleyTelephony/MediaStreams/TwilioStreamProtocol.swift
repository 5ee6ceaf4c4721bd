import NIOCore
import ParleyAudio
import ParleyCore
import ParleyVoice

/// The Twilio Media Streams protocol of one WebSocket, as a pure state machine:
/// `awaitingConnected → awaitingStart → streaming → stopped`.
///
/// The driver feeds it every inbound frame and acts on the returned event; any error is final
/// (the state becomes `.failed`) and the driver closes the socket. Outbound messages are built
/// here too, so μ-law, base64 and mark bookkeeping live in one place. Time comes from the
/// injected clock and is used only for the start and idle deadlines; audio is stamped with
/// Twilio's media timestamps.
///
/// Allocation-free per frame in steady state, provided the driver drops each event before
/// feeding the next frame: decoded payloads and PCM go through buffers reused here.
public struct TwilioStreamProtocol: Sendable {
    public let configuration: Configuration
    private let clock: any WallClock
    public private(set) var state: TwilioStreamState = .awaitingConnected
    /// The `start` metadata, once streaming.
    public private(set) var info: TwilioStartInfo?
    /// Marks sent and not yet echoed, oldest first.
    public internal(set) var pendingMarks: [String] = []
    /// Sequence numbers skipped by Twilio (counted, not fatal: numbering only has to increase).
    public private(set) var sequenceGaps = 0
    /// Media messages accepted.
    public private(set) var mediaMessages = 0

    private let openedAt: Int64
    private var lastInboundAt: Int64
    private var lastSequence: Int64 = 0
    private var lastChunk: Int64 = 0
    private var lastTimestamp: Int64 = -1
    private var payload: [UInt8] = []
    private var pcm: [Int16] = []
    // Outbound scratch (see the +Outbound extension).
    var muLaw: [UInt8] = []
    var outbound: [UInt8] = []
    /// `{"event":"media","streamSid":…,"media":{"payload":"`, built once the stream SID is known.
    var mediaPrefix: [UInt8] = []

    public init(configuration: Configuration = Configuration(), clock: any WallClock) {
        self.configuration = configuration
        self.clock = clock
        openedAt = clock.nowMicros()
        lastInboundAt = openedAt
        payload.reserveCapacity(configuration.bytesPerFrame)
        pcm.reserveCapacity(configuration.bytesPerFrame)
    }

    /// The stream SID, once streaming.
    public var streamSid: String? { info?.streamSid }

    // MARK: Inbound

    /// Handles one inbound text frame.
    public mutating func receive(text frame: UnsafeRawBufferPointer) throws(TwilioStreamError) -> TwilioStreamEvent? {
        do {
            lastInboundAt = clock.nowMicros()
            let message = try TwilioStreamMessage.decode(
                frame, payloadBuffer: &payload, knownStreamSid: info?.streamSid, maxFrameBytes: configuration.maxFrameBytes)
            return try handle(message)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Handles one inbound text frame held in a NIO buffer.
    public mutating func receive(text frame: ByteBuffer) throws(TwilioStreamError) -> TwilioStreamEvent? {
        let result = frame.withUnsafeReadableBytes { bytes in
            Result { () throws(TwilioStreamError) in try receive(text: bytes) }
        }
        return try result.get()
    }

    /// Handles one inbound text frame given as a string.
    public mutating func receive(text frame: String) throws(TwilioStreamError) -> TwilioStreamEvent? {
        var text = frame
        let result = text.withUTF8 { bytes in
            Result { () throws(TwilioStreamError) in try receive(text: UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()
    }

    /// A binary frame arrived: Twilio never sends one, so the stream fails.
    public mutating func receiveBinaryFrame(byteCount: Int) -> TwilioStreamError {
        state = .failed
        return TwilioStreamError(.binaryFrame, "a \(byteCount)-byte binary frame; Media Streams use text frames only")
    }

    /// Fails the stream when `start` is overdue or Twilio went quiet; call it periodically.
    public mutating func checkDeadlines() throws(TwilioStreamError) {
        let now = clock.nowMicros()
        switch state {
        case .awaitingConnected, .awaitingStart:
            if now - openedAt >= configuration.startTimeout.wholeMicroseconds {
                state = .failed
                throw TwilioStreamError(.timeout, "no start message within \(configuration.startTimeout) of the WebSocket opening")
            }
        case .streaming:
            if now - lastInboundAt >= configuration.idleTimeout.wholeMicroseconds {
                state = .failed
                throw TwilioStreamError(.timeout, "nothing received from Twilio for \(configuration.idleTimeout)")
            }
        case .stopped, .failed:
            return
        }
    }

    private mutating func handle(_ message: TwilioStreamMessage) throws(TwilioStreamError) -> TwilioStreamEvent? {
        switch (state, message) {
        case (.awaitingConnected, .connected):
            state = .awaitingStart
            return nil
        case (.awaitingStart, .start(let sequenceNumber, let info)):
            try accept(info)
            lastSequence = sequenceNumber
            self.info = info
            mediaPrefix = TwilioOutboundMessage.mediaPrefix(streamSid: info.streamSid)
            state = .streaming
            return .started(info)
        case (.streaming, .media(let sequenceNumber, let streamSid, let media)):
            try check(streamSid: streamSid, sequenceNumber: sequenceNumber)
            return try audio(media)
        case (.streaming, .dtmf(let sequenceNumber, let streamSid, _, let digit)):
            try check(streamSid: streamSid, sequenceNumber: sequenceNumber)
            return .dtmf(digit)
        case (.streaming, .mark(let sequenceNumber, let streamSid, let name)):
            try check(streamSid: streamSid, sequenceNumber: sequenceNumber)
            guard let index = pendingMarks.firstIndex(of: name) else {
                throw TwilioStreamError(.unexpectedEvent, "mark \"\(name.prefix(64))\" was never sent")
            }
            pendingMarks.remove(at: index)
            return .markPlayed(name)
        case (.streaming, .stop(let sequenceNumber, let streamSid, _, let callSid)):
            try check(streamSid: streamSid, sequenceNumber: sequenceNumber)
            if !callSid.isEmpty, callSid != info?.callSid {
                throw TwilioStreamError(.invalidField, "stop.callSid \(callSid.prefix(40)) is not the stream's call")
            }
            state = .stopped
            return .stopped
        default:
            throw TwilioStreamError(.unexpectedEvent, "\(message.event) message while \(Self.describe(state))")
        }
    }

    private func accept(_ info: TwilioStartInfo) throws(TwilioStreamError) {
        guard info.mediaFormat == .muLaw8kMono else {
            let format = info.mediaFormat
            throw TwilioStreamError(
                .badMediaFormat,
                "\(format.encoding.prefix(40)) at \(format.sampleRate) Hz with \(format.channels) channel(s); expected audio/x-mulaw at 8000 Hz, mono")
        }
        guard info.tracks.isEmpty || info.tracks.contains("inbound") else {
            throw TwilioStreamError(.invalidField, "start.tracks \(info.tracks) has no inbound track")
        }
        guard !info.streamSid.isEmpty, !info.callSid.isEmpty else {
            throw TwilioStreamError(.invalidField, "start.streamSid and start.callSid must not be empty")
        }
    }

    private mutating func check(streamSid: String, sequenceNumber: Int64) throws(TwilioStreamError) {
        guard streamSid == info?.streamSid else {
            throw TwilioStreamError(.unknownStreamSid, "streamSid \(streamSid.prefix(40)) is not the stream that started")
        }
        guard sequenceNumber > lastSequence else {
            throw TwilioStreamError(.outOfOrder, "sequenceNumber \(sequenceNumber) after \(lastSequence)")
        }
        if sequenceNumber != lastSequence + 1 { sequenceGaps += 1 }
        lastSequence = sequenceNumber
    }

    private mutating func audio(_ media: TwilioMediaChunk) throws(TwilioStreamError) -> TwilioStreamEvent? {
        // Bidirectional streams carry the caller only; anything else is not ours to play.
        guard media.track == "inbound" else { return nil }
        guard media.chunk > lastChunk else {
            throw TwilioStreamError(.outOfOrder, "media chunk \(media.chunk) after \(lastChunk)")
        }
        guard media.timestamp >= lastTimestamp else {
            throw TwilioStreamError(.outOfOrder, "media timestamp \(media.timestamp) ms after \(lastTimestamp) ms")
        }
        let count = media.payload.count
        let frame = configuration.bytesPerFrame
        guard count > 0, count % frame == 0, count <= frame * configuration.maxFramesPerMessage else {
            throw TwilioStreamError(
                .badPayloadSize,
                "a \(count)-byte payload; expected a multiple of \(frame) bytes, at most \(frame * configuration.maxFramesPerMessage)")
        }
        lastChunk = media.chunk
        lastTimestamp = media.timestamp
        mediaMessages += 1
        if pcm.count != count {
            pcm.removeAll(keepingCapacity: true)
            pcm.append(contentsOf: repeatElement(0, count: count))
        }
        media.payload.withUnsafeBufferPointer { codes in
            pcm.withUnsafeMutableBufferPointer { G711.muLaw.decode(codes, into: $0) }
        }
        return .audio(TwilioAudio(time: MediaTime(milliseconds: media.timestamp), samples: pcm))
    }

    private static func describe(_ state: TwilioStreamState) -> String {
        switch state {
        case .awaitingConnected: "awaiting connected"
        case .awaitingStart: "awaiting start"
        case .streaming: "streaming"
        case .stopped: "the stream is stopped"
        case .failed: "the stream has failed"
        }
    }
}
