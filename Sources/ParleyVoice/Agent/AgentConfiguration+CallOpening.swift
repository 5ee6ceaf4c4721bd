extension AgentConfiguration {
    /// The outbound AI disclosure with the agent's name and organisation filled in.
    public var outboundDisclosureText: String {
        TemplateRenderer.render(outboundDisclosure, variables: disclosureVariables)
    }

    /// The recording notice with the agent's name and organisation filled in.
    public var recordingDisclosureText: String {
        TemplateRenderer.render(recordingDisclosure, variables: disclosureVariables)
    }

    /// What is said before the brain's first words on a call in `direction`: the AI
    /// disclosure on outbound calls, then the recording notice when calls are recorded.
    public func openingNotices(direction: CallDirection) -> [String] {
        var notices: [String] = []
        if direction == .outbound { notices.append(outboundDisclosureText) }
        if recordingEnabled { notices.append(recordingDisclosureText) }
        return notices
    }

    /// Where a transfer to `target` goes: the destination of the transfer target named
    /// `target`, or `target` itself (a literal number, SIP URI or queue name).
    public func transferDestination(for target: String) -> String {
        transferTargets.first { $0.name == target }?.destination ?? target
    }
}
