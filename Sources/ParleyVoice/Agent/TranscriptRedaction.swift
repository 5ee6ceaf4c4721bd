/// How personal data in stored transcripts is treated.
public enum TranscriptRedaction: String, Sendable, Equatable, CaseIterable, Codable {
    /// Kept as spoken.
    case off
    /// Replaced by a placeholder naming the kind (`[phone]`).
    case mask

    public init(from decoder: any Decoder) throws {
        self = try StrictEnumDecoding.decode(from: decoder)
    }
}
