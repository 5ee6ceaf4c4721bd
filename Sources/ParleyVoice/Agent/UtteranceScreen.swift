/// What the call session does with a final caller utterance before any brain sees it.
public enum UtteranceScreen: Sendable, Equatable {
    /// The caller asked whether they are talking to an AI: say this answer (then, for a
    /// flow brain, `FlowRunner.lastPrompt`) and keep listening. The brain never sees it.
    case aiDisclosure(String)
    /// The caller said one of the agent's `endCallPhrases`: end the call.
    case endCall
    /// Pass the utterance to the brain.
    case brain
}

extension AgentConfiguration {
    /// Screens a caller utterance: the AI-identity question always comes first, so the
    /// agent answers truthfully whatever its brain would have said.
    public func screen(_ utterance: String) -> UtteranceScreen {
        if AIIdentityDetector.isIdentityQuestion(utterance) { return .aiDisclosure(aiDisclosureAnswer) }
        if isEndCallPhrase(utterance) { return .endCall }
        return .brain
    }
}
