extension CallSessionConfiguration {
    /// Turn-taking settings for a call with `agent` at `sampleRate`.
    public init(agent: AgentConfiguration, sampleRate: Int) {
        self.init()
        self.sampleRate = sampleRate
        minimumEndpointMilliseconds = Int64(agent.endpointing.minSilenceMs)
        maximumEndpointMilliseconds = Int64(agent.endpointing.maxSilenceMs)
        interruptionsEnabled = agent.interruptions.enabled
        bargeInMinimumSpeechMilliseconds = Int64(agent.interruptions.minSpeechMs)
        backchannelWords = agent.interruptions.backchannelWords
        silenceRepromptMilliseconds = Int64(agent.silence.repromptAfterMs)
        maximumReprompts = agent.silence.maxReprompts
        maximumDurationMilliseconds = Int64(agent.maxDurationSeconds) * 1_000
    }
}
