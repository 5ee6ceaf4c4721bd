import NIOCore

extension TwilioStreamMessage {
    /// Frames above this are refused: a start message with parameters is under 2 KB, and a
    /// 200 ms media message about 2.2 KB.
    public static let defaultMaxFrameBytes = 8_192

    /// Decodes one text frame.
    ///
    /// A media payload is base64-decoded into `payloadBuffer`, whose storage the returned
    /// message shares: reuse one buffer per stream and drop the message before the next frame,
    /// and the media path does not allocate. When the frame's stream SID equals
    /// `knownStreamSid`, that string is reused too.
    public static func decode(
        _ frame: UnsafeRawBufferPointer,
        payloadBuffer: inout [UInt8],
        knownStreamSid: String? = nil,
        maxFrameBytes: Int = defaultMaxFrameBytes
    ) throws(TwilioStreamError) -> TwilioStreamMessage {
        guard frame.count <= maxFrameBytes else {
            throw TwilioStreamError(.oversizedFrame, "a \(frame.count)-byte frame exceeds the \(maxFrameBytes)-byte limit")
        }
        var parser = TwilioStreamMessageParser(frame, knownStreamSid: knownStreamSid)
        return try parser.parse(payloadBuffer: &payloadBuffer)
    }

    /// Decodes one text frame held in a NIO buffer (what WebSocket servers hand over).
    public static func decode(
        _ frame: ByteBuffer,
        payloadBuffer: inout [UInt8],
        knownStreamSid: String? = nil,
        maxFrameBytes: Int = defaultMaxFrameBytes
    ) throws(TwilioStreamError) -> TwilioStreamMessage {
        let result = frame.withUnsafeReadableBytes { bytes in
            Result { () throws(TwilioStreamError) in
                try decode(bytes, payloadBuffer: &payloadBuffer, knownStreamSid: knownStreamSid, maxFrameBytes: maxFrameBytes)
            }
        }
        return try result.get()
    }

    /// Decodes one text frame given as a string.
    public static func decode(
        _ frame: String,
        payloadBuffer: inout [UInt8],
        knownStreamSid: String? = nil,
        maxFrameBytes: Int = defaultMaxFrameBytes
    ) throws(TwilioStreamError) -> TwilioStreamMessage {
        var text = frame
        let result = text.withUTF8 { bytes in
            Result { () throws(TwilioStreamError) in
                try decode(
                    UnsafeRawBufferPointer(bytes), payloadBuffer: &payloadBuffer,
                    knownStreamSid: knownStreamSid, maxFrameBytes: maxFrameBytes)
            }
        }
        return try result.get()
    }

    /// Decodes one text frame into a fresh payload buffer (tests, tools).
    public static func decode(_ frame: String, maxFrameBytes: Int = defaultMaxFrameBytes) throws(TwilioStreamError) -> TwilioStreamMessage {
        var buffer: [UInt8] = []
        return try decode(frame, payloadBuffer: &buffer, maxFrameBytes: maxFrameBytes)
    }
}
