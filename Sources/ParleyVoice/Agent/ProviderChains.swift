/// Ordered provider lists per kind: the first healthy provider is used, later ones are
/// fallbacks (e.g. `tts: [parley-speech, flite]` so a call never goes silent).
public struct ProviderChains: Sendable, Equatable, Codable {
    /// Speech to text. Default: parley-speech (offline Whisper).
    public var stt: [ProviderSelection]
    /// Text to speech. Default: parley-speech (offline Piper), then flite.
    public var tts: [ProviderSelection]
    /// Language model (LLM brains only). Default: none.
    public var llm: [ProviderSelection]
    /// End-of-turn prediction. Default: parley-speech (smart-turn), then silence (VAD timing only).
    public var turn: [ProviderSelection]

    public static let `default` = ProviderChains(
        stt: [ProviderSelection("parley-speech")],
        tts: [ProviderSelection("parley-speech"), ProviderSelection("flite")],
        llm: [],
        turn: [ProviderSelection("parley-speech"), ProviderSelection("silence")])

    public init(stt: [ProviderSelection], tts: [ProviderSelection], llm: [ProviderSelection], turn: [ProviderSelection]) {
        self.stt = stt
        self.tts = tts
        self.llm = llm
        self.turn = turn
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ProviderChains.default
        stt = try container.decodeIfPresent([ProviderSelection].self, forKey: .stt) ?? defaults.stt
        tts = try container.decodeIfPresent([ProviderSelection].self, forKey: .tts) ?? defaults.tts
        llm = try container.decodeIfPresent([ProviderSelection].self, forKey: .llm) ?? defaults.llm
        turn = try container.decodeIfPresent([ProviderSelection].self, forKey: .turn) ?? defaults.turn
    }
}
