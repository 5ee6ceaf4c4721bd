import ParleyVoice

/// Caller audio from one `media` message: one or more 20 ms frames.
public struct TwilioAudio: Sendable, Equatable {
    /// Twilio's `timestamp` of the first sample: milliseconds since the stream started.
    public var time: MediaTime
    /// PCM16, 8 kHz mono; a whole number of 160-sample frames.
    public var samples: [Int16]

    public init(time: MediaTime, samples: [Int16]) {
        self.time = time
        self.samples = samples
    }
}
