/// One provider in a chain, by registered name, with provider-specific options.
public struct ProviderSelection: Sendable, Equatable, Codable {
    public var provider: String
    public var options: [String: JSONValue]?

    public init(_ provider: String, options: [String: JSONValue]? = nil) {
        self.provider = provider
        self.options = options
    }
}
