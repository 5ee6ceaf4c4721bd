/// The body of a `media` message.
public struct TwilioMediaChunk: Sendable, Equatable {
    /// "inbound" (the caller) or "outbound".
    public var track: String
    /// Counts media messages from 1.
    public var chunk: Int64
    /// Milliseconds since the stream started: the call's audio clock.
    public var timestamp: Int64
    /// μ-law bytes, 8 kHz mono (160 per 20 ms).
    public var payload: [UInt8]

    public init(track: String, chunk: Int64, timestamp: Int64, payload: [UInt8]) {
        self.track = track
        self.chunk = chunk
        self.timestamp = timestamp
        self.payload = payload
    }
}
