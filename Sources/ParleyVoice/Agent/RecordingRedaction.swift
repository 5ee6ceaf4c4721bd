/// How personal data in stored recordings is treated.
public enum RecordingRedaction: String, Sendable, Equatable, CaseIterable, Codable {
    /// Kept as recorded.
    case off
    /// Covered by a tone.
    case bleep

    public init(from decoder: any Decoder) throws {
        self = try StrictEnumDecoding.decode(from: decoder)
    }
}
