import Foundation
import ParleyStorage
import ParleyTesting
import Testing

@Suite struct AgentRoutesTests {
    static let minimal = #"{"name":"Max","brain":{"type":"flow","flow":{"start":"e","nodes":[{"id":"e","type":"end","message":"Bye"}]}}}"#

    @Test(arguments: TestDatabase.flavors)
    func freshDataDirHasTheDemoAgent(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let demo = try await client.call(.get, "/v1/agents/demo", key: server.adminKey)
            #expect(demo.status == 200)
            #expect(demo.json["version"] as? Int == 1)
            #expect((demo.json["configuration"] as? [String: Any])?["name"] as? String == "Ava")
            let list = try await client.call(.get, "/v1/agents", key: server.key(role: .viewer))
            #expect((list.json["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["demo"])
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func createEditVersionAndDelete(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let key = try await server.key(role: .manager)
            let created = try await client.call(.post, "/v1/agents", key: key, json: #"{"name":"support","configuration":\#(Self.minimal)}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            let renamed = try await client.call(.patch, "/v1/agents/support", key: key, json: #"{"name":"help","version":1}"#)
            #expect(renamed.status == 200 && renamed.json["version"] as? Int == 2)
            let stale = try await client.call(.patch, "/v1/agents/\(id)", key: key, json: #"{"name":"other","version":1}"#)
            #expect(stale.status == 409 && stale.errorField == "version")
            let old = try await client.call(.get, "/v1/agents/help/versions/1", key: key)
            #expect(old.status == 200 && old.json["name"] as? String == "support")
            #expect(try await client.call(.get, "/v1/agents/support", key: key).status == 404)
            // Viewers read but cannot write; other orgs see nothing.
            #expect(try await client.call(.delete, "/v1/agents/help", key: server.key(role: .viewer)).status == 403)
            let other = try await server.makeTenant(role: .owner)
            #expect(try await client.call(.get, "/v1/agents/\(id)", key: other.key).status == 404)
            #expect(try await client.call(.delete, "/v1/agents/\(id)", key: other.key).status == 404)
            #expect(try await client.call(.delete, "/v1/agents/help", key: key).status == 204)
            #expect(try await client.call(.get, "/v1/agents/\(id)", key: key).status == 404)
            #expect(try await client.call(.get, "/v1/agents/\(id)/versions/2", key: key).status == 200)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func invalidAgentsAreRefusedNamingTheField(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let unreachable = #"{"name":"Max","brain":{"type":"flow","flow":{"start":"e","nodes":[{"id":"e","type":"end","message":"Bye"},{"id":"lost","type":"end","message":"x"}]}}}"#
            let graph = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"a","configuration":\#(unreachable)}"#)
            #expect(graph.status == 400)
            #expect(graph.errorField?.hasPrefix("configuration.brain.flow") == true)
            #expect(graph.errorMessage?.contains("lost") == true)
            let type = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"a","configuration":{"name":"M","brain":{"type":"flow"},"maxDurationSeconds":"long"}}"#)
            #expect(type.status == 400)
            #expect(type.errorField?.hasPrefix("configuration.") == true)
            let name = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"Bad Name","configuration":\#(Self.minimal)}"#)
            #expect(name.status == 400 && name.errorField == "name")
            let taken = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"demo","configuration":\#(Self.minimal)}"#)
            #expect(taken.status == 409)
        }
    }

    static let llmAgent = #"""
    {"name": "Ava", "brain": {"type": "llm", "systemPrompt": "Book appointments."}, "providers": {"llm": [{"provider": "openai"}]},
     "tools": [{"name": "check_availability", "description": "Free slots", "url": "https://example.com/slots",
                "parameters": {"type": "object", "properties": {"day": {"type": "string"}}, "required": ["day"]}}],
     "transferTargets": [{"name": "front_desk", "destination": "+15551234567"}],
     "piiRedaction": {"transcripts": "mask"}, "recordingEnabled": true}
    """#

    @Test(arguments: TestDatabase.flavors)
    func toolsTargetsRedactionAndDisclosuresAreStoredWithDefaults(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            let created = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"booker","configuration":\#(Self.llmAgent)}"#)
            #expect(created.status == 201, "\(created.body)")
            let stored = try await client.call(.get, "/v1/agents/booker", key: server.adminKey)
            let configuration = try #require(stored.json["configuration"] as? [String: Any])
            let tool = try #require((configuration["tools"] as? [[String: Any]])?.first)
            #expect(tool["method"] as? String == "POST" && tool["timeoutMs"] as? Int == 5_000)
            #expect((configuration["transferTargets"] as? [[String: Any]])?.first?["destination"] as? String == "+15551234567")
            let redaction = try #require(configuration["piiRedaction"] as? [String: Any])
            #expect(redaction["transcripts"] as? String == "mask" && redaction["recordings"] as? String == "off")
            #expect(configuration["outboundDisclosure"] as? String == "Hi, this is {{agent_name}}, an AI assistant calling{{organisation_suffix}}.")
            #expect(configuration["recordingDisclosure"] as? String == "This call is recorded.")
        }
    }

    @Test(arguments: [
        (#""tools": [{"name": "end_call", "description": "d", "url": "https://x.example", "parameters": {"type": "object", "properties": {}}}]"#,
         "configuration.tools[0].name"),
        (#""tools": [{"name": "t", "description": "d", "url": "mailto:x@example.com", "parameters": {"type": "object", "properties": {}}}]"#,
         "configuration.tools[0].url"),
        (#""tools": [{"name": "t", "description": "d", "url": "http://169.254.169.254/latest/meta-data", "parameters": {"type": "object", "properties": {}}}]"#,
         "configuration.tools[0].url"),
        (#""tools": [{"name": "t", "description": "d", "url": "http://api.localhost:8080/t", "parameters": {"type": "object", "properties": {}}}]"#,
         "configuration.tools[0].url"),
        (#""transferTargets": [{"name": "desk", "destination": "front desk"}]"#, "configuration.transferTargets[0].destination"),
        (#""outboundDisclosure": "Hello, calling about your appointment.""#, "configuration.outboundDisclosure"),
        (#""recordingEnabled": true, "recordingDisclosure": """#, "configuration.recordingDisclosure"),
        (#""piiRedaction": {"recordings": "mask"}"#, "configuration.piiRedaction.recordings"),
    ])
    func invalidCallFieldsAreRefusedNamingTheField(fragment: String, field: String) async throws {
        try await TestServer.run(.sqlite) { server, client in
            let configuration = #"{"name": "Ava", "brain": {"type": "llm", "systemPrompt": "Help."}, "providers": {"llm": [{"provider": "openai"}]}, \#(fragment)}"#
            let response = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"bad","configuration":\#(configuration)}"#)
            #expect(response.status == 400)
            #expect(response.errorField == field, "\(response.body)")
        }
    }

    @Test(arguments: [
        (#"{"provider": "openai", "options": {"apiKeyEnv": "PARLEY_MASTER_KEY"}}"#, "configuration.providers.llm[0].options.apiKeyEnv"),
        (#"{"provider": "openai", "options": {"baseURL": "http://169.254.169.254/v1"}}"#, "configuration.providers.llm[0].options.baseURL"),
        (#"{"provider": "openai", "options": {"baseURL": "http://localhost:8080/v1"}}"#, "configuration.providers.llm[0].options.baseURL"),
        (#"{"provider": "openai", "options": {"apiKeySecret": ""}}"#, "configuration.providers.llm[0].options.apiKeySecret"),
    ])
    func providerOptionsCannotReachServerSecretsOrPrivateHosts(selection: String, field: String) async throws {
        try await TestServer.run(.sqlite) { server, client in
            let configuration = #"{"name": "Ava", "brain": {"type": "llm", "systemPrompt": "Help."}, "providers": {"llm": [\#(selection)]}}"#
            let response = try await client.call(.post, "/v1/agents", key: server.adminKey, json: #"{"name":"bad","configuration":\#(configuration)}"#)
            #expect(response.status == 400)
            #expect(response.errorField == field, "\(response.body)")
        }
    }
}
