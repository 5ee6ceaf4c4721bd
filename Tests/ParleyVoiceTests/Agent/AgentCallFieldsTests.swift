import Foundation
import Testing
@testable import ParleyVoice

/// `tools`, `transferTargets`, `piiRedaction`, `outboundDisclosure` and `recordingDisclosure`.
@Suite struct AgentCallFieldsTests {
    static let llmBrain = #"{"type": "llm", "systemPrompt": "Help callers.", "model": "m"}"#
    static let llmProviders = #""providers": {"llm": [{"provider": "openai"}]}"#
    static let weatherTool = #"""
    {"name": "get_weather", "description": "Weather for a city",
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
     "url": "https://tools.example.com/weather"}
    """#

    func load(_ fragment: String) -> Result<AgentConfiguration, AgentConfigurationError> {
        let json = #"{"name": "Max", "brain": \#(Self.llmBrain), \#(Self.llmProviders)\#(fragment.isEmpty ? "" : ", " + fragment)}"#
        return Result { () throws(AgentConfigurationError) in try AgentConfiguration.load(json: json) }
    }

    @Test func defaultsWhenAbsent() throws {
        let agent = try load("").get()
        #expect(agent.tools.isEmpty)
        #expect(agent.transferTargets.isEmpty)
        #expect(agent.piiRedaction == PIIRedactionSettings(transcripts: .off, recordings: .off, entities: PIIEntity.allCases))
        #expect(agent.outboundDisclosure == AgentConfiguration.defaultOutboundDisclosure)
        #expect(agent.recordingDisclosure == "This call is recorded.")
    }

    @Test func everyFieldDecodesAndRoundTrips() throws {
        let agent = try load(#"""
        "tools": [\#(Self.weatherTool), {"name": "book", "description": "Books a slot", "parameters": {"type": "object", "properties": {}},
                   "url": "http://127.0.0.1:8080/book", "method": "PUT", "timeoutMs": 250, "headers": {"X-Team": "dental"}, "filler": "One moment."}],
        "transferTargets": [{"name": "front_desk", "destination": "+15551234567", "description": "Bookings"},
                            {"name": "billing", "destination": "sip:billing@pbx.example.com"}],
        "piiRedaction": {"transcripts": "mask", "entities": ["phone", "email"]},
        "outboundDisclosure": "Hello, {{agent_name}} here, a virtual assistant{{organisation_suffix}}.",
        "recordingEnabled": true, "recordingDisclosure": "We record calls for training."
        """#).get()
        #expect(agent.tools.count == 2)
        #expect(agent.tools[0].method == "POST" && agent.tools[0].timeoutMs == 5_000 && agent.tools[0].headers == nil)
        #expect(agent.tools[1] == AgentTool(name: "book", description: "Books a slot", parameters: ["type": "object", "properties": [:]],
                                            url: "http://127.0.0.1:8080/book", method: "PUT", timeoutMs: 250,
                                            headers: ["X-Team": "dental"], filler: "One moment."))
        #expect(agent.transferTargets.map(\.name) == ["front_desk", "billing"])
        #expect(agent.piiRedaction == PIIRedactionSettings(transcripts: .mask, recordings: .off, entities: [.phone, .email]))
        let encoded = try JSONEncoder().encode(agent)
        #expect(try JSONDecoder().decode(AgentConfiguration.self, from: encoded) == agent)
    }

    @Test(arguments: [
        (#""tools": [{"name": "get weather", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example"}]"#, "tools[0].name"),
        (#""tools": [{"name": "\#(String(repeating: "a", count: 65))", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example"}]"#, "tools[0].name"),
        (#""tools": [{"name": "end_call", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example"}]"#, "tools[0].name"),
        (#""tools": [{"name": "transfer_call", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example"}]"#, "tools[0].name"),
        (#""tools": [\#(AgentCallFieldsTests.weatherTool), \#(AgentCallFieldsTests.weatherTool)]"#, "tools[1].name"),
        (#""tools": [{"name": "t", "description": " ", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example"}]"#, "tools[0].description"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "ftp://x.example/f"}]"#, "tools[0].url"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "/relative/path"}]"#, "tools[0].url"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "method": "GET"}]"#, "tools[0].method"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "timeoutMs": 99}]"#, "tools[0].timeoutMs"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "timeoutMs": 30001}]"#, "tools[0].timeoutMs"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "string"}, "url": "https://x.example"}]"#, "tools[0].parameters.type"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object"}, "url": "https://x.example"}]"#, "tools[0].parameters.properties"),
        (#""tools": [{"name": "t", "description": "d", "parameters": [1], "url": "https://x.example"}]"#, "tools[0].parameters"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]}, "url": "https://x.example"}]"#, "tools[0].parameters.required[0]"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {"a": {"type": "date"}}}, "url": "https://x.example"}]"#, "tools[0].parameters.properties.a.type"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object", "properties": {}, "required": ["x"]}}}}, "url": "https://x.example"}]"#, "tools[0].parameters.properties.a.items.required[0]"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {"a": {"type": "string", "enum": []}}}, "url": "https://x.example"}]"#, "tools[0].parameters.properties.a.enum"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "headers": {"Authorization": "Bearer x"}}]"#, "tools[0].headers.Authorization"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "headers": {"X-A": "a\r\nInjected: yes"}}]"#, "tools[0].headers.X-A"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "headers": {"Parley-Signature": "forged"}}]"#, "tools[0].headers.Parley-Signature"),
        (#""tools": [{"name": "t", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "https://x.example", "filler": " "}]"#, "tools[0].filler"),
        (#""transferTargets": [{"name": "front desk", "destination": "+15551234567"}]"#, "transferTargets[0].name"),
        (#""transferTargets": [{"name": "desk", "destination": "+15551234567"}, {"name": "desk", "destination": "+15551234568"}]"#, "transferTargets[1].name"),
        (#""transferTargets": [{"name": "desk", "destination": "15551234567"}]"#, "transferTargets[0].destination"),
        (#""transferTargets": [{"name": "desk", "destination": "+0551234567"}]"#, "transferTargets[0].destination"),
        (#""transferTargets": [{"name": "desk", "destination": "sip:"}]"#, "transferTargets[0].destination"),
        (#""transferTargets": [{"name": "desk", "destination": "sip:desk @pbx"}]"#, "transferTargets[0].destination"),
        (#""transferTargets": [{"name": "desk", "destination": "+15551234567", "description": ""}]"#, "transferTargets[0].description"),
        (#""outboundDisclosure": """#, "outboundDisclosure"),
        (#""outboundDisclosure": "{{organisation}}""#, "outboundDisclosure"),
        (#""outboundDisclosure": "Hi, this is Max calling about your appointment.""#, "outboundDisclosure"),
        (#""recordingEnabled": true, "recordingDisclosure": " ""#, "recordingDisclosure"),
    ])
    func invalidFieldsAreNamed(fragment: String, field: String) {
        guard case .failure(let error) = load(fragment) else {
            Issue.record("expected \(field) to be rejected")
            return
        }
        #expect(error.code == .invalid)
        #expect(error.problems.map(\.field).contains(field), "\(error)")
        #expect(error.parleyError.code == .validationFailed)
    }

    @Test func everyProblemIsReportedAtOnce() {
        guard case .failure(let error) = load(#"""
        "tools": [{"name": "end_call", "description": "d", "parameters": {"type": "object", "properties": {}}, "url": "nope", "timeoutMs": 1}],
        "transferTargets": [{"name": "desk", "destination": "front desk"}], "outboundDisclosure": ""
        """#) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(Set(error.problems.map(\.field)) == [
            "tools[0].name", "tools[0].url", "tools[0].timeoutMs", "transferTargets[0].destination", "outboundDisclosure",
        ])
    }

    @Test func emptyRecordingNoticeIsFineWhileNotRecording() throws {
        let agent = try load(#""recordingEnabled": false, "recordingDisclosure": """#).get()
        #expect(agent.openingNotices(direction: .inbound).isEmpty)
    }

    @Test func toolsOnAFlowAgentOnlyWarn() throws {
        let flow = #"{"start": "e", "nodes": [{"id": "e", "type": "end", "message": "Bye"}]}"#
        let agent = try AgentConfiguration.load(json: #"{"name": "F", "brain": {"type": "flow", "flow": \#(flow)}, "tools": [\#(Self.weatherTool)]}"#)
        #expect(agent.validationProblems().map(\.severity) == [.warning])
        #expect(agent.validationProblems().map(\.field) == ["tools"])
    }

    @Test(arguments: [
        (#""piiRedaction": {"transcripts": "masked"}"#, "piiRedaction.transcripts", "off, mask"),
        (#""piiRedaction": {"recordings": "mask"}"#, "piiRedaction.recordings", "off, bleep"),
        (#""piiRedaction": {"entities": ["phone", "iban"]}"#, "piiRedaction.entities[1]", "phone, email, card, ssn, address, name, dob"),
    ])
    func unknownRedactionValuesAreNamed(fragment: String, field: String, expected: String) {
        guard case .failure(let error) = load(fragment) else {
            Issue.record("expected \(field) to be rejected")
            return
        }
        #expect(error.code == .malformedJSON)
        #expect(error.problems.first?.field == field, "\(error)")
        #expect(error.message.contains("expected one of \(expected)"), "\(error)")
    }

    @Test func openingNoticesFollowDirectionAndRecording() throws {
        var agent = try load(#""organisation": "Acme Dental""#).get()
        #expect(agent.openingNotices(direction: .inbound) == [])
        #expect(agent.openingNotices(direction: .outbound) == ["Hi, this is Max, an AI assistant calling for Acme Dental."])
        agent.recordingEnabled = true
        #expect(agent.openingNotices(direction: .inbound) == ["This call is recorded."])
        #expect(agent.openingNotices(direction: .outbound) == [
            "Hi, this is Max, an AI assistant calling for Acme Dental.", "This call is recorded.",
        ])
    }

    @Test func transferTargetsResolveByName() throws {
        let agent = try load(#""transferTargets": [{"name": "front_desk", "destination": "+15551234567"}]"#).get()
        #expect(agent.transferDestination(for: "front_desk") == "+15551234567")
        #expect(agent.transferDestination(for: "+15557654321") == "+15557654321")
        let session = CallSessionConfiguration(agent: agent, sampleRate: 8_000)
        #expect(session.transferDestinations == ["front_desk": "+15551234567"])
        #expect(session.direction == .inbound)
    }
}
