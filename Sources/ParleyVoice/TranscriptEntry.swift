/// One line of a call transcript.
public struct TranscriptEntry: Sendable, Equatable, Codable {
    public var speaker: Speaker
    public var text: String
    public var start: MediaTime
    public var end: MediaTime
    /// True when an agent line was cut by a barge-in: `text` holds only what was played.
    public var interrupted: Bool

    public init(speaker: Speaker, text: String, start: MediaTime, end: MediaTime, interrupted: Bool = false) {
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
        self.interrupted = interrupted
    }
}

extension MediaTime: Codable {
    public init(from decoder: any Decoder) throws {
        milliseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(milliseconds)
    }
}
