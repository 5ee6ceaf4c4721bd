/// The `start` message's metadata: who is calling and how the audio is encoded.
public struct TwilioStartInfo: Sendable, Equatable {
    public var accountSid: String
    public var callSid: String
    public var streamSid: String
    /// "inbound" for the bidirectional streams `<Connect><Stream>` opens.
    public var tracks: [String]
    /// The `<Parameter>` values of the TwiML `<Stream>` (the stream token, the agent in dev mode).
    public var customParameters: [String: String]
    public var mediaFormat: TwilioMediaFormat

    public init(
        accountSid: String, callSid: String, streamSid: String, tracks: [String],
        customParameters: [String: String], mediaFormat: TwilioMediaFormat
    ) {
        self.accountSid = accountSid
        self.callSid = callSid
        self.streamSid = streamSid
        self.tracks = tracks
        self.customParameters = customParameters
        self.mediaFormat = mediaFormat
    }
}
