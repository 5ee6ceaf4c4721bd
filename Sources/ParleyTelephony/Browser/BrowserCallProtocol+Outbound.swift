import Foundation
import NIOCore
import ParleyCore

extension BrowserCallProtocol {
    /// Tells the page to drop the agent audio it has buffered (a committed barge-in).
    public static let clearMessage = #"{"event":"clear"}"#

    /// Confirms the start: the call's id and the audio format both ways.
    public static func startedMessage(callID: String, sampleRate: Int) -> String {
        JSONText.encode(["event": "started", "callId": callID, "sampleRate": sampleRate, "frameMs": 20, "encoding": "pcm_s16le"])
    }

    /// Why the server closes the socket.
    public static func errorMessage(code: String, message: String) -> String {
        JSONText.encode(["event": "error", "code": code, "message": message])
    }

    /// One frame of agent audio as a binary message: PCM16 little-endian.
    public static func audioMessage(_ samples: UnsafeBufferPointer<Int16>, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: samples.count * 2)
        for sample in samples { buffer.writeInteger(sample, endianness: .little) }
        return buffer
    }
}
