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
}
