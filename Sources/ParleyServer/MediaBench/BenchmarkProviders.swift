import ParleyVoice

/// Instant stub providers for `parley bench media`: fixed recognition, a tone as speech,
/// and the agent's own flow brain, so everything but the speech models is real.
public enum BenchmarkProviders {
    /// What the simulated caller always "says": in the built-in `demo` agent it leads to the
    /// opening hours and back to "anything else?", so a call can go on for any number of turns.
    public static let callerLine = "What are your opening hours?"

    public static func make(hearing text: String = callerLine) -> @Sendable (AgentConfiguration) throws -> CallEngine.Providers {
        let speech = BenchmarkTextToSpeech()
        return { agent in
            CallEngine.Providers(speechToText: BenchmarkSpeechToText(text: text), textToSpeech: speech,
                                 turnPredictor: nil, brain: FlowBrain(agent: agent))
        }
    }
}
