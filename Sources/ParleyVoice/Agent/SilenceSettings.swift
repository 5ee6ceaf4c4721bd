/// What the agent does when the caller says nothing.
public struct SilenceSettings: Sendable, Equatable, Codable {
    /// Silence after the agent finishes speaking before a reprompt (default 7000 ms).
    public var repromptAfterMs: Int
    /// Said as the reprompt by LLM brains (flows use their own `noInput`); default "Are you still there?".
    public var repromptText: String
    /// Reprompts before hanging up (default 2).
    public var maxReprompts: Int
    /// Total silence after which the call ends regardless (default 30000 ms).
    public var hangUpAfterMs: Int

    public static let `default` = SilenceSettings(
        repromptAfterMs: 7000, repromptText: "Are you still there?", maxReprompts: 2, hangUpAfterMs: 30_000)

    public init(repromptAfterMs: Int, repromptText: String, maxReprompts: Int, hangUpAfterMs: Int) {
        self.repromptAfterMs = repromptAfterMs
        self.repromptText = repromptText
        self.maxReprompts = maxReprompts
        self.hangUpAfterMs = hangUpAfterMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SilenceSettings.default
        repromptAfterMs = try container.decodeIfPresent(Int.self, forKey: .repromptAfterMs) ?? defaults.repromptAfterMs
        repromptText = try container.decodeIfPresent(String.self, forKey: .repromptText) ?? defaults.repromptText
        maxReprompts = try container.decodeIfPresent(Int.self, forKey: .maxReprompts) ?? defaults.maxReprompts
        hangUpAfterMs = try container.decodeIfPresent(Int.self, forKey: .hangUpAfterMs) ?? defaults.hangUpAfterMs
    }
}
