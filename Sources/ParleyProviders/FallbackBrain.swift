import ParleyVoice

/// Tries brains in order for each reply: when one fails before its first output (unreachable,
/// error answer, rate limited, timed out, unreadable stream) or says nothing within
/// `firstOutputDeadline` (default 1 s, so the next one can answer within the session's 2 s), the
/// next one answers. Once a reply started streaming it is never
/// switched (the caller would hear two answers); cancellation is never a reason to fall back.
///
/// Each brain keeps its own conversation: a fallback model knows the turns it answered, not
/// those its predecessors did.
public struct FallbackBrain: Brain {
    public let name: String
    private let chain: [any Brain]
    private let firstOutputDeadline: Duration

    public init(_ chain: [any Brain], firstOutputDeadline: Duration = .seconds(1)) {
        self.chain = chain
        self.firstOutputDeadline = firstOutputDeadline
        name = chain.map(\.name).joined(separator: " > ")
    }

    public func makeConversation(variables: [String: String]) -> any BrainConversation {
        FallbackBrainConversation(
            chain.map { (name: $0.name, conversation: $0.makeConversation(variables: variables)) },
            firstOutputDeadline: firstOutputDeadline)
    }
}
