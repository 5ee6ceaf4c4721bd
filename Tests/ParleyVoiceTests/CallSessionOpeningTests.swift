import Testing
@testable import ParleyVoice

/// What a call says before the brain's first words: the outbound AI disclosure and the
/// recording notice, from the agent and the call's direction.
@Suite struct CallSessionOpeningTests {
    func agent(recording: Bool) -> AgentConfiguration {
        var agent = AgentConfiguration(name: "Ava", brain: .llm(LLMBrainSettings(systemPrompt: "Help.")))
        agent.organisation = "Parley Dental"
        agent.recordingEnabled = recording
        return agent
    }

    /// Starts a call whose brain greets, and returns the sentences synthesised in order.
    func opening(_ agent: AgentConfiguration, _ direction: CallDirection) -> [String] {
        var harness = SessionHarness(configuration: CallSessionConfiguration(agent: agent, sampleRate: 8_000, direction: direction))
        harness.brain = { input in input == .callStarted ? [.text("Hello! How can I help you today?")] : [.text("Sure.")] }
        harness.start()
        harness.runUntilListening()
        return harness.log.compactMap { if case .synthesize(_, _, let text) = $0 { text } else { nil } }
    }

    @Test func outboundCallsDiscloseTheAIFirst() {
        #expect(opening(agent(recording: false), .outbound) == [
            "Hi, this is Ava, an AI assistant calling for Parley Dental.", "Hello!", "How can I help you today?",
        ])
    }

    @Test func inboundCallsStartWithTheGreeting() {
        #expect(opening(agent(recording: false), .inbound) == ["Hello!", "How can I help you today?"])
    }

    @Test func recordedCallsSayTheyAreRecordedInBothDirections() {
        #expect(opening(agent(recording: true), .inbound) == ["This call is recorded.", "Hello!", "How can I help you today?"])
        #expect(opening(agent(recording: true), .outbound) == [
            "Hi, this is Ava, an AI assistant calling for Parley Dental.", "This call is recorded.", "Hello!", "How can I help you today?",
        ])
    }

    @Test func rewordedNoticesAreSpokenAsWritten() {
        var agent = agent(recording: true)
        agent.outboundDisclosure = "{{agent_name}} here, a virtual assistant."
        agent.recordingDisclosure = "We record this call for quality."
        #expect(opening(agent, .outbound).prefix(2) == ["Ava here, a virtual assistant.", "We record this call for quality."])
    }

    @Test func transfersToATargetNameGoToItsDestination() {
        var agent = agent(recording: false)
        agent.transferTargets = [TransferTarget(name: "front_desk", destination: "+15551234567")]
        var harness = SessionHarness(configuration: CallSessionConfiguration(agent: agent, sampleRate: 8_000))
        harness.brain = { input in input == .callStarted ? [.text("Hello!")] : [.text("Connecting you."), .transfer(target: "front_desk")] }
        harness.start()
        harness.runUntilListening()
        harness.transcript = { "Can I talk to the front desk?" }
        harness.advance(600, speech: true)
        harness.advance(1_500)
        #expect(harness.log.contains(.transfer(target: "+15551234567")))
        #expect(harness.session.phase == .ended)
    }

    @Test func otherTransferTargetsPassThrough() {
        var harness = SessionHarness(configuration: CallSessionConfiguration(agent: agent(recording: false), sampleRate: 8_000))
        harness.brain = { input in input == .callStarted ? [.text("Hello!")] : [.transfer(target: "sip:desk@pbx.example.com")] }
        harness.start()
        harness.runUntilListening()
        harness.advance(600, speech: true)
        harness.advance(1_500)
        #expect(harness.log.contains(.transfer(target: "sip:desk@pbx.example.com")))
    }
}
