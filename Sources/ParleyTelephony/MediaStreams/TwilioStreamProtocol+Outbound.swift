import ParleyAudio

extension TwilioStreamProtocol {
    /// A media message playing `samples` (PCM16, 8 kHz mono) to the caller.
    public mutating func mediaMessage(_ samples: UnsafeBufferPointer<Int16>) throws(TwilioStreamError) -> String {
        _ = try requireStreaming("media")
        if muLaw.count != samples.count {
            muLaw.removeAll(keepingCapacity: true)
            muLaw.append(contentsOf: repeatElement(0, count: samples.count))
        }
        muLaw.withUnsafeMutableBufferPointer { G711.muLaw.encode(samples, into: $0) }
        outbound.removeAll(keepingCapacity: true)
        outbound.append(contentsOf: mediaPrefix)
        muLaw.withUnsafeBytes { Base64.encode($0, into: &outbound) }
        TwilioOutboundMessage.append(TwilioOutboundMessage.mediaSuffix, to: &outbound)
        return String(decoding: outbound, as: UTF8.self)
    }

    /// A media message playing `samples` (PCM16, 8 kHz mono) to the caller.
    public mutating func mediaMessage(_ samples: [Int16]) throws(TwilioStreamError) -> String {
        let result = samples.withUnsafeBufferPointer { buffer in
            Result { () throws(TwilioStreamError) in try mediaMessage(buffer) }
        }
        return try result.get()
    }

    /// A mark message; its echo comes back as `.markPlayed(name)`.
    public mutating func markMessage(_ name: String) throws(TwilioStreamError) -> String {
        let streamSid = try requireStreaming("mark")
        if pendingMarks.count >= configuration.maxPendingMarks { pendingMarks.removeFirst() }
        pendingMarks.append(name)
        return TwilioOutboundMessage.mark(streamSid: streamSid, name: name).text
    }

    /// A clear message: Twilio drops queued audio and echoes the pending marks.
    public func clearMessage() throws(TwilioStreamError) -> String {
        TwilioOutboundMessage.clear(streamSid: try requireStreaming("clear")).text
    }

    private func requireStreaming(_ what: String) throws(TwilioStreamError) -> String {
        guard state == .streaming, let streamSid = info?.streamSid else {
            throw TwilioStreamError(.notStreaming, "cannot send \(what): the stream is not streaming")
        }
        return streamSid
    }
}
