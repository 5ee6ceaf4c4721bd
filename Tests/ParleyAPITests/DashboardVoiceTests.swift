import Foundation
import ParleyCalls
import ParleyStorage
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct DashboardVoiceTests {
    @Test func managersEditAgentsAndReadCallsWithTranscriptLatencyAndRecording() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let env = server.environment
            _ = try await env.users.create(email: "manager@example.com", name: "M", password: "manager password", org: server.orgID, role: .manager)
            _ = try await env.users.create(email: "viewer@example.com", name: "V", password: "viewer password", org: server.orgID, role: .viewer)
            var manager = Browser(client: client)
            _ = try await manager.logIn("manager@example.com", "manager password")
            let agents = try await manager.get("/agents")
            #expect(agents.status == 200 && agents.html.contains("<code>demo</code>") && agents.html.contains("href=\"/calls\""))
            let demo = try #require(try await env.agents.find(nameOrID: "demo", org: server.orgID))
            var configuration = demo.configuration
            configuration.firstMessage = "Thanks for calling"
            let json = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
            let saved = try await manager.post("/agents/\(demo.id)", ["_csrf": agents.csrf ?? "", "configuration": json, "version": "1"])
            #expect(saved.location == "/agents/\(demo.id)")
            #expect(try await env.agents.find(demo.id, org: server.orgID)?.version == 2)
            let broken = try await manager.post("/agents/\(demo.id)", ["_csrf": agents.csrf ?? "", "configuration": "{\"name\": ", "version": "2"])
            #expect(broken.location == "/agents/\(demo.id)")
            let explained = try await manager.get("/agents/\(demo.id)")
            #expect(explained.html.contains("Not saved") && explained.html.contains("line"), "a JSON error says where")

            let call = try await RouteFixtures.recordedCall(env, org: server.orgID)
            let list = try await manager.get("/calls")
            #expect(list.status == 200 && list.html.contains("/calls/\(call)"))
            let detail = try await manager.get("/calls/\(call)")
            #expect(detail.status == 200 && detail.html.contains("hello") && detail.html.contains("<audio"))
            let audio = try await manager.get("/calls/\(call)/recording.wav")
            #expect(audio.status == 200)

            var viewer = Browser(client: client)
            _ = try await viewer.logIn("viewer@example.com", "viewer password")
            let readOnly = try await viewer.get("/agents/\(demo.id)")
            #expect(readOnly.status == 200 && !readOnly.html.contains("Save as version"))
            #expect(!(try await viewer.get("/calls/\(call)").html.contains("<audio")), "viewers may not play recordings")
            #expect(try await viewer.get("/calls/\(call)/recording.wav").status == 403)
            #expect(try await manager.get("/calls/cal_00000000000000000000000000").status == 404)
        }
    }
}

@Suite struct DashboardTalkTests {
    @Test func theTalkPageGetsOneTimeTicketsWithItsSessionAndCSRFToken() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let env = server.environment
            _ = try await env.users.create(email: "manager@example.com", name: "M", password: "manager password", org: server.orgID, role: .manager)
            _ = try await env.users.create(email: "viewer@example.com", name: "V", password: "viewer password", org: server.orgID, role: .viewer)
            var manager = Browser(client: client)
            _ = try await manager.logIn("manager@example.com", "manager password")
            let agent = try await manager.get("/agents/demo")
            #expect(agent.html.contains("/talk\">Talk to this agent"))
            let page = try await manager.get("/agents/demo/talk")
            #expect(page.status == 200 && page.html.contains("<script src=\"/static/talk.js\">") && page.html.contains("id=\"talk-start\""))
            let csrf = try #require(page.html.range(of: "data-csrf=\"").map { page.html[$0.upperBound...].prefix { $0 != "\"" } })

            let ticket = try await manager.post("/agents/demo/talk", ["_csrf": String(csrf)])
            #expect(ticket.status == 200 && ticket.html.contains("\"path\":\"\\/v1\\/media\\/browser\"") && ticket.html.contains("\"token\":\"v1."),
                    "\(ticket.html)")
            let forged = try await manager.post("/agents/demo/talk", ["_csrf": "not-the-token"])
            #expect(forged.status == 403 && forged.html.contains("security token"))
            #expect(try await manager.post("/agents/agt_00000000000000000000000000/talk", ["_csrf": String(csrf)]).status == 404)
            var anonymous = Browser(client: client)
            #expect(try await anonymous.post("/agents/demo/talk", ["_csrf": String(csrf)]).status == 401, "no session")

            for path in ["/static/talk.js", "/static/talk-worklet.js"] {
                let script = try await manager.get(path)
                #expect(script.status == 200 && script.html.contains("use strict"))
            }
            var viewer = Browser(client: client)
            _ = try await viewer.logIn("viewer@example.com", "viewer password")
            #expect(!(try await viewer.get("/agents/demo")).html.contains("Talk to this agent"))
            #expect(try await viewer.get("/agents/demo/talk").status == 403)
            let refused = try await viewer.post("/agents/demo/talk", ["_csrf": try #require(try await viewer.get("/agents").csrf)])
            #expect(refused.status == 403 && refused.html.contains("calls.write"))
        }
    }
}
