import Foundation
import Logging
import NIOCore
import Synchronization
import WSClient

/// A test client of `/v1/media/browser` that behaves like the dashboard page: sends `start`,
/// then microphone audio in real time (20 ms PCM16 messages), then `stop`.
struct BrowserCallClient {
    struct Result: Sendable {
        /// Every JSON message from the server, in order.
        var messages: [[String: String]] = []
        /// Agent samples received.
        var agentSamples = 0
        /// Milliseconds after start when agent audio first arrived.
        var firstAgentAudio: Int64?
        var closeCode: String?

        func events(_ name: String) -> [[String: String]] { messages.filter { $0["event"] == name } }
    }

    var url: String
    var startMessage: String
    var sampleRate = 16_000
    /// Caller audio at `sampleRate`; silence follows for `tailMilliseconds`.
    var caller: [Int16] = []
    var tailMilliseconds: Int64 = 0
    /// Raw binary messages sent right after `start`, before any audio (for bad-input tests).
    var rawBinary: [[UInt8]] = []

    func run() async throws -> Result {
        let result = Mutex(Result())
        let close = try await WebSocketClient.connect(url: url, logger: Logger(label: "test.browser")) { inbound, outbound, _ in
            let clock = ContinuousClock()
            let started = clock.now
            try await outbound.write(.text(startMessage))
            for raw in rawBinary { try await outbound.write(.binary(ByteBuffer(bytes: raw))) }
            let sender = Task {
                let frame = sampleRate / 50
                let total = Int64(caller.count / frame) * 20 + tailMilliseconds
                var time: Int64 = 0
                var buffer = ByteBuffer()
                while time < total, !Task.isCancelled {
                    try await clock.sleep(until: started.advanced(by: .milliseconds(time)))
                    buffer.clear()
                    let start = Int(time) * sampleRate / 1000
                    for index in start..<(start + frame) {
                        buffer.writeInteger(index < caller.count ? caller[index] : 0, endianness: .little)
                    }
                    try await outbound.write(.binary(buffer))
                    time += 20
                }
                try await outbound.write(.text(#"{"event":"stop"}"#))
            }
            defer { sender.cancel() }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                switch message {
                case .binary(let bytes):
                    let elapsed = (clock.now - started).components
                    result.withLock { r in
                        r.agentSamples += bytes.readableBytes / 2
                        if r.firstAgentAudio == nil { r.firstAgentAudio = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000 }
                    }
                case .text(let text):
                    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
                    let flat = object.mapValues { "\($0)" }
                    result.withLock { $0.messages.append(flat) }
                }
            }
        }
        return result.withLock { r in
            var copy = r
            copy.closeCode = close.map { "\($0.closeCode)" }
            return copy
        }
    }
}
