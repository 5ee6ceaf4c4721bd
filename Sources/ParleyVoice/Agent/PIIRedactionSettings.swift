/// What personal data Parley should remove from stored transcripts and recordings.
///
/// Stored and validated only: no part of Parley applies it yet (the privacy engine will).
public struct PIIRedactionSettings: Sendable, Equatable, Codable {
    /// How stored transcripts are redacted (default `off`).
    public var transcripts: TranscriptRedaction
    /// How stored recordings are redacted (default `off`).
    public var recordings: RecordingRedaction
    /// Which kinds of personal data count (default: all of them).
    public var entities: [PIIEntity]

    public static let `default` = PIIRedactionSettings(transcripts: .off, recordings: .off, entities: PIIEntity.allCases)

    public init(transcripts: TranscriptRedaction, recordings: RecordingRedaction, entities: [PIIEntity]) {
        self.transcripts = transcripts
        self.recordings = recordings
        self.entities = entities
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PIIRedactionSettings.default
        transcripts = try container.decodeIfPresent(TranscriptRedaction.self, forKey: .transcripts) ?? defaults.transcripts
        recordings = try container.decodeIfPresent(RecordingRedaction.self, forKey: .recordings) ?? defaults.recordings
        entities = try container.decodeIfPresent([PIIEntity].self, forKey: .entities) ?? defaults.entities
    }
}
