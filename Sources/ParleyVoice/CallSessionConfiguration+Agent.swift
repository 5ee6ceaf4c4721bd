extension CallSessionConfiguration {
    /// Turn-taking settings and opening notices for a call with `agent` at `sampleRate`.
    public init(agent: AgentConfiguration, sampleRate: Int, direction: CallDirection = .inbound) {
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
        self.direction = direction
        openingNotices = agent.openingNotices(direction: direction)
        transferDestinations = Dictionary(agent.transferTargets.map { ($0.name, $0.destination) }) { first, _ in first }
    }
}
