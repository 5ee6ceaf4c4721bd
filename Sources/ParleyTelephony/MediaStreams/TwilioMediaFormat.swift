/// `start.mediaFormat`: the encoding of the stream's audio.
public struct TwilioMediaFormat: Sendable, Equatable {
    public var encoding: String
    public var sampleRate: Int
    public var channels: Int

    public init(encoding: String, sampleRate: Int, channels: Int) {
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// What Twilio streams on phone calls, and the only format Parley accepts.
    public static let muLaw8kMono = TwilioMediaFormat(encoding: "audio/x-mulaw", sampleRate: 8_000, channels: 1)
}
