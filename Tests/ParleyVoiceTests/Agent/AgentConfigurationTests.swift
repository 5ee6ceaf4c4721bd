import Foundation
import Testing
@testable import ParleyVoice

@Suite struct AgentConfigurationTests {
    static let minimalFlow = #"{"start": "e", "nodes": [{"id": "e", "type": "end", "message": "Bye"}]}"#

    func load(_ json: String) -> Result<AgentConfiguration, AgentConfigurationError> {
        Result { () throws(AgentConfigurationError) in try AgentConfiguration.load(json: json) }
    }

    func fields(_ json: String) -> [String] {
        guard case .failure(let error) = load(json) else { return [] }
        return error.problems.map(\.field)
    }

    @Test func demoAgentDecodesAndValidates() throws {
        let agent = try demoAgent()
        #expect(agent.name == "Ava")
        #expect(agent.organisation == "Parley Dental")
        #expect(agent.providers.tts.map(\.provider) == ["parley-speech", "flite"])
        #expect(agent.validationProblems().isEmpty)
        guard case .flow(let flow) = agent.brain else {
            Issue.record("demo should use a flow brain")
            return
        }
        #expect((flow.intents ?? []).count >= 5)
        #expect(flow.noMatch?.message != nil)
    }

    @Test func unknownBuiltInAgent() {
        #expect(throws: AgentConfigurationError.self) { try AgentConfiguration.builtIn(named: "nope") }
        do {
            _ = try AgentConfiguration.builtIn(named: "nope")
        } catch {
            #expect(error.code == .unknownBuiltIn)
            #expect(error.parleyError.code == .notFound)
        }
    }

    @Test func minimalConfigurationGetsDocumentedDefaults() throws {
        let agent = try AgentConfiguration.load(json: #"{"name": "Max", "brain": {"type": "flow", "flow": \#(Self.minimalFlow)}}"#)
        #expect(agent.language == "en-US")
        #expect(agent.providers == .default)
        #expect(agent.silence == SilenceSettings(repromptAfterMs: 7000, repromptText: "Are you still there?", maxReprompts: 2, hangUpAfterMs: 30_000))
        #expect(agent.interruptions.enabled)
        #expect(agent.interruptions.minSpeechMs == 120)
        #expect(agent.interruptions.backchannelWords.contains("mm-hmm"))
        #expect(agent.endpointing == EndpointingSettings(minSilenceMs: 300, maxSilenceMs: 1500))
        #expect(agent.maxDurationSeconds == 1800)
        #expect(agent.recordingEnabled == false)
        #expect(agent.aiDisclosure == AgentConfiguration.defaultAIDisclosure)
        #expect(agent.endCallPhrases.isEmpty)
    }

    @Test func partialSettingsKeepOtherDefaults() throws {
        let agent = try AgentConfiguration.load(json: #"""
        {"name": "Max", "brain": {"type": "flow", "flow": \#(Self.minimalFlow)},
         "silence": {"maxReprompts": 1}, "interruptions": {"enabled": false}, "providers": {"stt": [{"provider": "deepgram", "options": {"model": "nova-2"}}]}}
        """#)
        #expect(agent.silence.maxReprompts == 1)
        #expect(agent.silence.repromptAfterMs == 7000)
        #expect(agent.interruptions.enabled == false)
        #expect(agent.interruptions.minSpeechMs == 120)
        #expect(agent.providers.stt == [ProviderSelection("deepgram", options: ["model": "nova-2"])])
        #expect(agent.providers.tts == ProviderChains.default.tts)
    }

    @Test func llmBrain() throws {
        let agent = try AgentConfiguration.load(json: #"""
        {"name": "Max", "brain": {"type": "llm", "systemPrompt": "You are helpful.", "model": "llama3.1"},
         "providers": {"llm": [{"provider": "openai-compatible"}]}}
        """#)
        #expect(agent.brain == .llm(LLMBrainSettings(systemPrompt: "You are helpful.", model: "llama3.1")))
        #expect(agent.makeFlowRunner(now: testNow) == nil)
        let roundTrip = try JSONDecoder().decode(AgentConfiguration.self, from: JSONEncoder().encode(agent))
        #expect(roundTrip == agent)
    }

    @Test func malformedJSONAndMissingFields() {
        guard case .failure(let error) = load(#"{"name": "Max", "brain": }"#) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .malformedJSON)
        #expect(error.message.contains("line 1, column"), "\(error.message)")
        #expect(error.parleyError.code == .malformedJSON)
        #expect(fields(#"{"brain": {"type": "flow", "flow": \#(Self.minimalFlow)}}"#) == ["name"])
        #expect(fields(#"{"name": "M", "brain": {"type": "quantum"}}"#) == ["brain.type"])
        #expect(fields(#"{"name": "M", "brain": {"type": "flow", "flow": \#(Self.minimalFlow)}, "silence": {"maxReprompts": "two"}}"#)
            == ["silence.maxReprompts"])
    }

    @Test(arguments: [
        (#""language": "english please""#, "language"),
        (#""organisation": " ""#, "organisation"),
        (#""silence": {"repromptAfterMs": 9000, "hangUpAfterMs": 5000}"#, "silence.hangUpAfterMs"),
        (#""silence": {"maxReprompts": 50}"#, "silence.maxReprompts"),
        (#""silence": {"repromptText": " "}"#, "silence.repromptText"),
        (#""maxDurationSeconds": 1"#, "maxDurationSeconds"),
        (#""interruptions": {"minSpeechMs": -5}"#, "interruptions.minSpeechMs"),
        (#""interruptions": {"backchannelWords": ["yeah", "..."]}"#, "interruptions.backchannelWords[1]"),
        (#""endpointing": {"minSilenceMs": 900, "maxSilenceMs": 400}"#, "endpointing.maxSilenceMs"),
        (#""providers": {"tts": []}"#, "providers.tts"),
        (#""providers": {"stt": [{"provider": "Parley Speech"}]}"#, "providers.stt[0].provider"),
        (#""providers": {"tts": [{"provider": "flite"}, {"provider": "flite"}]}"#, "providers.tts[1].provider"),
        (#""endCallPhrases": ["bye", "!"]"#, "endCallPhrases[1]"),
        (#""variables": {"bad name": 1}"#, "variables.bad name"),
        (#""aiDisclosure": """#, "aiDisclosure"),
        (#""aiDisclosure": "Hello, how can I help?""#, "aiDisclosure"),
        (#""firstMessage": "  ""#, "firstMessage"),
    ])
    func invalidFieldsAreNamed(fragment: String, field: String) {
        let json = #"{"name": "Max", "brain": {"type": "flow", "flow": \#(Self.minimalFlow)}, \#(fragment)}"#
        guard case .failure(let error) = load(json) else {
            Issue.record("expected \(field) to be rejected")
            return
        }
        #expect(error.code == .invalid)
        #expect(error.problems.map(\.field).contains(field), "\(error)")
        #expect(error.parleyError.code == .validationFailed)
    }

    @Test func llmBrainNeedsPromptAndProvider() {
        let found = fields(#"{"name": "M", "brain": {"type": "llm", "systemPrompt": " ", "temperature": 3}}"#)
        #expect(Set(found) == ["brain.systemPrompt", "brain.temperature", "providers.llm"])
    }

    @Test func flowProblemsArePrefixedWithTheirPath() {
        let json = #"""
        {"name": "M", "variables": {"caller": ""}, "brain": {"type": "flow", "flow":
          {"start": "a", "nodes": [{"id": "a", "type": "say", "text": "Hi {{caller}} from {{organisation}} {{oops}}", "next": "b"}]}}}
        """#
        let found = fields(json)
        #expect(found.contains("brain.flow.nodes[0].next"))
        #expect(found.filter { $0 == "brain.flow.nodes[0].text" }.count == 1, "\(found)")
    }

    @Test func backchannelsAndEndCallPhrases() throws {
        var agent = try demoAgent()
        #expect(agent.interruptions.isBackchannel("uh-huh"))
        #expect(agent.interruptions.isBackchannel("Yeah, right."))
        #expect(agent.interruptions.isBackchannel("mm hmm okay"))
        #expect(!agent.interruptions.isBackchannel("yeah but I need Tuesday"))
        #expect(!agent.interruptions.isBackchannel(""))
        agent.endCallPhrases = ["goodbye", "hang up now"]
        #expect(agent.isEndCallPhrase("ok goodbye then"))
        #expect(agent.isEndCallPhrase("please hang up now"))
        #expect(!agent.isEndCallPhrase("hang on"))
    }

    @Test func runnerGetsAgentAndCallVariables() throws {
        let runner = try demoAgent().makeFlowRunner(callVariables: ["caller_number": "+15550100"], now: testNow)
        #expect(runner?.variables["agent_name"] == "Ava")
        #expect(runner?.variables["organisation"] == "Parley Dental")
        #expect(runner?.variables["business"] == "Parley Dental")
        #expect(runner?.variables["caller_number"] == "+15550100")
    }
}
