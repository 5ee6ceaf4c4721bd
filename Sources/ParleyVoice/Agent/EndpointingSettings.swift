/// How long to wait after the caller stops speaking before answering.
public struct EndpointingSettings: Sendable, Equatable, Codable {
    /// Silence that ends a turn whose transcript looks complete (ends a sentence); default 300 ms.
    public var minSilenceMs: Int
    /// Silence that ends a turn whose transcript looks unfinished ("I'd like to…"); default 1500 ms.
    public var maxSilenceMs: Int

    public static let `default` = EndpointingSettings(minSilenceMs: 300, maxSilenceMs: 1500)

    public init(minSilenceMs: Int, maxSilenceMs: Int) {
        self.minSilenceMs = minSilenceMs
        self.maxSilenceMs = maxSilenceMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minSilenceMs = try container.decodeIfPresent(Int.self, forKey: .minSilenceMs) ?? EndpointingSettings.default.minSilenceMs
        maxSilenceMs = try container.decodeIfPresent(Int.self, forKey: .maxSilenceMs) ?? EndpointingSettings.default.maxSilenceMs
    }
}
