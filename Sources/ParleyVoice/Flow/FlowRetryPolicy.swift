/// What to do when the caller's answer matches nothing (`noMatch`) or when they say
/// nothing (`noInput`): say `message` and ask again, until the `max`-th time in a row at
/// one question, which goes to `fallback`.
public struct FlowRetryPolicy: Codable, Sendable, Equatable {
    public var message: String?
    public var max: Int?
    public var fallback: String?

    public init(message: String? = nil, max: Int? = nil, fallback: String? = nil) {
        self.message = message
        self.max = max
        self.fallback = fallback
    }
}
