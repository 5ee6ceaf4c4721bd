import Testing
@testable import ParleyVoice

@Suite struct AIIdentityDetectorTests {
    @Test(arguments: [
        "are you an AI?", "Are you a robot", "are you a real person", "are you a bot", "are you human",
        "am I talking to a machine", "is this automated", "is this a recording", "is this a real person",
        "are you a computer", "am i speaking with a real human", "are you real", "is this an automated call",
        "are you a person or a machine", "you sound like a robot", "is this an a i", "are you an a.i.",
        "r u a bot", "you're not a robot are you", "this is a recording isn't it", "am I talking to an actual person",
        "wait are you artificial intelligence", "Are you a live person?", "is this a computer voice",
        "hold on, is this a chatbot", "are you a human being",
    ])
    func identityQuestions(utterance: String) {
        #expect(AIIdentityDetector.isIdentityQuestion(utterance), "\(utterance)")
    }

    @Test(arguments: [
        "I'm a real estate agent", "my robot vacuum is broken", "a real person told me to call",
        "are you open today", "are you a real estate agent", "I want to talk to a human",
        "can I speak to a real person", "are you recording this call", "is this the dental office",
        "are you available tomorrow", "this is John", "are you the person in charge of billing",
        "the machine at reception is broken", "is a real person available", "are you really open on sunday",
        "are you a computer technician",
    ])
    func otherQuestionsDoNotTrigger(utterance: String) {
        #expect(!AIIdentityDetector.isIdentityQuestion(utterance), "\(utterance)")
    }

    @Test func answerComesFromTheAgentConfiguration() throws {
        var agent = try demoAgent()
        #expect(agent.aiDisclosureAnswer
            == "Yes, I'm Ava, an AI voice assistant for Parley Dental. I can help you right here, or connect you with a person if you prefer.")
        agent.organisation = nil
        #expect(agent.aiDisclosureAnswer.hasPrefix("Yes, I'm Ava, an AI voice assistant. "))
        agent.aiDisclosure = "I'm {{agent_name}}, a virtual assistant at {{organisation}}."
        agent.organisation = "Acme"
        #expect(agent.aiDisclosureAnswer == "I'm Ava, a virtual assistant at Acme.")
    }
}
