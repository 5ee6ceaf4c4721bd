import Testing
@testable import ParleyVoice

@Suite struct UtteranceScreenTests {
    @Test func identityQuestionsAreAnsweredBeforeTheBrain() throws {
        var agent = try demoAgent()
        agent.endCallPhrases = ["goodbye"]
        #expect(agent.screen("wait, are you a robot?") == .aiDisclosure(agent.aiDisclosureAnswer))
        // Even when the question also contains an end-call phrase or an intent phrase.
        #expect(agent.screen("are you a real person or a machine, goodbye") == .aiDisclosure(agent.aiDisclosureAnswer))
        #expect(agent.screen("ok goodbye") == .endCall)
        #expect(agent.screen("I want to talk to a real person") == .brain)
        #expect(agent.screen("book an appointment") == .brain)
    }

    @Test func flowContinuesWithTheSameQuestionAfterTheDisclosure() throws {
        let agent = try demoAgent()
        var runner = try #require(agent.makeFlowRunner(now: testNow))
        _ = runner.start()
        guard case .aiDisclosure = agent.screen("am I talking to a machine") else {
            Issue.record("expected the AI disclosure")
            return
        }
        #expect(runner.lastPrompt?.hasPrefix("You can say book an appointment") == true)
        #expect(runner.state == .waitingForCaller(node: "menu"))
    }
}
