import Foundation
import ParleyCore

/// The browser call protocol of one WebSocket (docs/api.md, "Web calls"), as a pure state
/// machine: `awaitingStart → streaming → stopped`.
///
/// Text messages are JSON objects with an `event`: `start` (with the ticket from
/// `POST /v1/agents/{id}/web-calls` and `sampleRate`), `dtmf`, `stop`. Binary messages are
/// caller audio: PCM16 little-endian mono at the start's sample rate, in any chunking; the
/// protocol cuts them into 20 ms frames stamped with media time (frame count × 20 ms).
/// Any error is final. Audio may not run ahead of the wall clock (injected) by more than
/// `maxLeadMilliseconds`, so a client cannot make the server transcribe faster than real time.
public struct BrowserCallProtocol: Sendable {
    public enum State: Sendable, Equatable { case awaitingStart, streaming, stopped, failed }

    public struct Configuration: Sendable {
        /// Largest message accepted, in bytes.
        public var maxMessageBytes = 64 * 1024
        /// Sample rates a client may stream at.
        public var sampleRates: Set<Int> = [8_000, 16_000]
        /// How far caller media time may run ahead of the wall clock since `start`.
        public var maxLeadMilliseconds: Int64 = 2_000

        public init() {}
    }

    public let configuration: Configuration
    private let clock: any WallClock
    public private(set) var state: State = .awaitingStart
    /// The sample rate announced in `start`.
    public private(set) var sampleRate = 0
    /// Frames handed out so far; the next frame starts at `framesOut × 20 ms`.
    public private(set) var framesOut: Int64 = 0
    private var startedAt: Int64 = 0
    private var pending: [Int16] = []
    private var readIndex = 0
    /// A byte left over when a message split a sample.
    private var oddByte: UInt8?

    public init(configuration: Configuration = Configuration(), clock: any WallClock) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Samples in one 20 ms frame at the call's rate.
    public var frameSamples: Int { sampleRate / 50 }

    /// Handles one text message.
    public mutating func receive(text: String) throws(BrowserCallError) -> BrowserCallEvent? {
        do {
            return try decode(text)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Takes one binary message of caller audio; read the frames with `nextFrame(into:)`.
    public mutating func receive(audio bytes: UnsafeRawBufferPointer) throws(BrowserCallError) {
        do {
            try accept(bytes)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Copies the next whole 20 ms frame into `frame` (`frameSamples` long) and returns its media
    /// time in milliseconds, or nil when less than a frame is buffered.
    public mutating func nextFrame(into frame: UnsafeMutableBufferPointer<Int16>) -> Int64? {
        let count = frameSamples
        guard count > 0, frame.count >= count, pending.count - readIndex >= count else {
            compact()
            return nil
        }
        pending.withUnsafeBufferPointer { all in
            for index in 0..<count { frame[index] = all[readIndex + index] }
        }
        readIndex += count
        defer { framesOut += 1 }
        return framesOut * 20
    }

    private mutating func decode(_ text: String) throws(BrowserCallError) -> BrowserCallEvent? {
        guard text.utf8.count <= configuration.maxMessageBytes else {
            throw BrowserCallError(.oversizedMessage, "a \(text.utf8.count)-byte message is over the \(configuration.maxMessageBytes)-byte limit")
        }
        guard state == .awaitingStart || state == .streaming else {
            throw BrowserCallError(.unexpectedEvent, "the call is \(state)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            throw BrowserCallError(.malformedJSON, "a text message must be one JSON object")
        }
        guard let event = object["event"] as? String else {
            throw BrowserCallError(.invalidField, "the message has no string \"event\"")
        }
        switch (event, state) {
        case ("start", .awaitingStart):
            guard let token = object["token"] as? String, !token.isEmpty, token.utf8.count <= 2_048 else {
                throw BrowserCallError(.invalidField, "start needs the \"token\" from POST /v1/agents/{id}/web-calls")
            }
            let rate = object["sampleRate"] ?? 16_000
            guard let rate = rate as? Int, configuration.sampleRates.contains(rate) else {
                let allowed = configuration.sampleRates.sorted().map(String.init).joined(separator: " or ")
                throw BrowserCallError(.invalidField, "sampleRate must be \(allowed)")
            }
            state = .streaming
            sampleRate = rate
            startedAt = clock.nowMicros()
            pending.reserveCapacity(rate / 5)
            return .start(token: token, sampleRate: rate)
        case ("dtmf", .streaming):
            guard let digit = object["digit"] as? String, digit.count == 1, let character = digit.first,
                  "0123456789*#ABCD".contains(character) else {
                throw BrowserCallError(.invalidField, "dtmf needs one \"digit\" of 0-9, *, #, A-D")
            }
            return .dtmf(character)
        case ("stop", .streaming):
            state = .stopped
            return .stop
        case ("start", _), ("dtmf", _), ("stop", _):
            throw BrowserCallError(.unexpectedEvent, "\"\(event.prefix(32))\" is not allowed before start or after it twice")
        default:
            throw BrowserCallError(.unexpectedEvent, "unknown event \"\(event.prefix(32))\"")
        }
    }

    private mutating func accept(_ bytes: UnsafeRawBufferPointer) throws(BrowserCallError) {
        guard state == .streaming else {
            throw BrowserCallError(.badAudio, state == .awaitingStart ? "audio before the start message" : "audio after the call \(state)")
        }
        guard bytes.count <= configuration.maxMessageBytes else {
            throw BrowserCallError(.oversizedMessage, "a \(bytes.count)-byte message is over the \(configuration.maxMessageBytes)-byte limit")
        }
        var index = 0
        if let first = oddByte, bytes.count > 0 {
            pending.append(Int16(bitPattern: UInt16(first) | UInt16(bytes[0]) << 8))
            oddByte = nil
            index = 1
        }
        while index + 1 < bytes.count {
            pending.append(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
            index += 2
        }
        if index < bytes.count { oddByte = bytes[index] }
        let bufferedMilliseconds = Int64((pending.count - readIndex) / max(frameSamples, 1)) * 20
        let mediaMilliseconds = framesOut * 20 + bufferedMilliseconds
        let wallMilliseconds = (clock.nowMicros() - startedAt) / 1_000
        if mediaMilliseconds > wallMilliseconds + configuration.maxLeadMilliseconds {
            throw BrowserCallError(.tooFast, "\(mediaMilliseconds) ms of audio arrived \(wallMilliseconds) ms after start; send audio in real time")
        }
    }

    private mutating func compact() {
        guard readIndex > 0 else { return }
        pending.removeFirst(readIndex)
        readIndex = 0
    }
}
