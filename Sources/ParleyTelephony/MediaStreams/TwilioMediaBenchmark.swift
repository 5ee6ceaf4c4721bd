import Foundation
import ParleyAudio
import ParleyCore

/// Per-frame cost of the Media Streams codec, for `parley bench media` and docs/performance.md:
/// inbound (strict JSON scan, base64 into a reused buffer, checks, μ-law → PCM16 through
/// `TwilioStreamProtocol`), the same frames through Foundation's `JSONDecoder` and base64 as a
/// baseline, and outbound (PCM16 → μ-law → base64 → JSON text).
public struct TwilioMediaBenchmark {
    public struct Result: Sendable {
        public var frames: Int
        public var inboundSeconds: Double
        public var foundationSeconds: Double
        public var outboundSeconds: Double

        public var inboundNanosecondsPerFrame: Double { inboundSeconds * 1e9 / Double(max(frames, 1)) }
        public var foundationNanosecondsPerFrame: Double { foundationSeconds * 1e9 / Double(max(frames, 1)) }
        public var outboundNanosecondsPerFrame: Double { outboundSeconds * 1e9 / Double(max(frames, 1)) }
    }

    /// Foundation's view of a media frame (the baseline only).
    private struct FoundationMedia: Decodable {
        struct Media: Decodable {
            var track: String
            var chunk: String
            var timestamp: String
            var payload: String
        }

        var event: String
        var sequenceNumber: String
        var streamSid: String
        var media: Media
    }

    public var frames: Int
    /// Frames per simulated stream (a new protocol per stream, as per WebSocket).
    public var framesPerStream: Int

    public init(frames: Int = 200_000, framesPerStream: Int = 3_000) {
        self.frames = frames
        self.framesPerStream = max(1, framesPerStream)
    }

    public func run() throws -> Result {
        let streamSid = "MZ" + String(repeating: "0", count: 31) + "1"
        let connected = Array(#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#.utf8)
        let start = Array((#"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"\#(streamSid)","#
            + #""callSid":"CA1","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"#
            + #""customParameters":{}},"streamSid":"\#(streamSid)"}"#).utf8)
        var rng = SplitMix64(seed: 7)
        let media: [[UInt8]] = (0..<framesPerStream).map { index in
            let payload = (0..<160).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let base64 = Data(payload).base64EncodedString()
            return Array((#"{"event":"media","sequenceNumber":"\#(index + 2)","media":{"track":"inbound","chunk":"\#(index + 1)","#
                + #""timestamp":"\#(index * 20)","payload":"\#(base64)"},"streamSid":"\#(streamSid)"}"#).utf8)
        }
        let outboundPCM = (0..<160).map { Int16(6_000 * sin(Double($0) * 2 * .pi * 300 / 8_000)) }
        let clock = ContinuousClock()
        var checksum = 0

        var inbound: Duration = .zero
        var outbound: Duration = .zero
        var done = 0
        while done < frames {
            var stream = TwilioStreamProtocol(clock: SystemWallClock())
            let count = min(framesPerStream, frames - done)
            let began = clock.now
            _ = try connected.withUnsafeBytes { try stream.receive(text: $0) }
            _ = try start.withUnsafeBytes { try stream.receive(text: $0) }
            for index in 0..<count {
                if case .audio(let audio) = try media[index].withUnsafeBytes({ try stream.receive(text: $0) }) {
                    checksum &+= Int(audio.samples[0])
                }
            }
            inbound += clock.now - began
            let outboundBegan = clock.now
            for _ in 0..<count { checksum &+= try stream.mediaMessage(outboundPCM).utf8.count }
            outbound += clock.now - outboundBegan
            done += count
        }

        let decoder = JSONDecoder()
        var pcm = [Int16](repeating: 0, count: 160)
        let foundationBegan = clock.now
        done = 0
        while done < frames {
            let count = min(framesPerStream, frames - done)
            for index in 0..<count {
                let message = try decoder.decode(FoundationMedia.self, from: Data(media[index]))
                guard let payload = Data(base64Encoded: message.media.payload), Int(message.sequenceNumber) != nil,
                      Int(message.media.timestamp) != nil
                else { continue }
                payload.withUnsafeBytes { bytes in
                    pcm.withUnsafeMutableBufferPointer { G711.muLaw.decode(bytes.bindMemory(to: UInt8.self), into: $0) }
                }
                checksum &+= Int(pcm[0])
            }
            done += count
        }
        let foundation = clock.now - foundationBegan
        // Keeps the work observable so the optimiser cannot drop it.
        if checksum == Int.min { print("") }
        return Result(frames: frames, inboundSeconds: inbound.secondsDouble, foundationSeconds: foundation.secondsDouble, outboundSeconds: outbound.secondsDouble)
    }
}
