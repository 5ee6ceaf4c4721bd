import Hummingbird
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyVoice

/// `/v1/agents`: the org's voice agents, versioned. `{id}` takes an agent id or its name.
enum AgentRoutes {
    struct AgentDTO: Codable, Sendable {
        var object = "agent"
        var id: String
        var name: String
        var version: Int
        var configuration: AgentConfiguration
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case object, id, name, version, configuration
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        init(_ agent: StoredAgent) {
            id = agent.id
            name = agent.name
            version = agent.version
            configuration = agent.configuration
            createdAt = RFC3339.format(micros: agent.createdAt)
            updatedAt = RFC3339.format(micros: agent.updatedAt)
        }
    }

    struct CreateBody: Codable, Sendable {
        var name: String
        var configuration: AgentConfiguration
    }

    struct UpdateBody: Codable, Sendable {
        var name: String?
        var configuration: AgentConfiguration?
        /// The version the editor started from; a newer stored version answers 409.
        var version: Int?
    }

    struct WebCallDTO: Codable, Sendable {
        var object = "web_call"
        var agentID: String
        var token: String
        var url: String
        var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case object, token, url
            case agentID = "agent_id"
            case expiresAt = "expires_at"
        }
    }

    static func find(_ env: APIEnvironment, _ context: APIContext, org: String) async throws -> StoredAgent {
        guard let agent = try await env.agents.find(nameOrID: try HandlerSupport.pathID(context), org: org) else {
            throw ParleyError.notFound("agent")
        }
        return agent
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/agents", operationID: "listAgents", summary: "List agents",
                     tag: "Agents", permission: .agentsRead, response: "AgentList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.agents.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page, AgentDTO.init))
            },
            APIRoute(.post, "/v1/agents", operationID: "createAgent",
                     summary: "Create an agent (configuration as in docs/flows.md); it starts at version 1",
                     tag: "Agents", permission: .agentsWrite, request: "CreateAgentInput", response: "Agent", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateBody.self, from: request)
                let agent = try await env.agents.create(org: p.orgID, name: body.name, configuration: body.configuration)
                return try HandlerSupport.json(AgentDTO(agent), status: .created)
            },
            APIRoute(.get, "/v1/agents/{id}", operationID: "getAgent", summary: "Get an agent by id or name",
                     tag: "Agents", permission: .agentsRead, response: "Agent") { _, context in
                let p = try context.requirePrincipal()
                return try HandlerSupport.json(AgentDTO(try await find(env, context, org: p.orgID)))
            },
            APIRoute(.patch, "/v1/agents/{id}", operationID: "updateAgent",
                     summary: "Rename or reconfigure an agent; each change makes a new version",
                     tag: "Agents", permission: .agentsWrite, request: "UpdateAgentInput", response: "Agent") { request, context in
                let p = try context.requirePrincipal()
                let existing = try await find(env, context, org: p.orgID)
                let body = try await HandlerSupport.decode(UpdateBody.self, from: request)
                if let version = body.version, version < 1 { throw ParleyError.validation("version must be 1 or more", field: "version") }
                guard let agent = try await env.agents.update(existing.id, org: p.orgID, name: body.name, configuration: body.configuration,
                                                             expectedVersion: body.version) else {
                    throw ParleyError.notFound("agent")
                }
                return try HandlerSupport.json(AgentDTO(agent))
            },
            APIRoute(.delete, "/v1/agents/{id}", operationID: "deleteAgent",
                     summary: "Delete an agent (calls keep the versions they ran)",
                     tag: "Agents", permission: .agentsWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                let agent = try await find(env, context, org: p.orgID)
                guard try await env.agents.delete(agent.id, org: p.orgID) else { throw ParleyError.notFound("agent") }
                return .noContent
            },
            APIRoute(.get, "/v1/agents/{id}/versions/{version}", operationID: "getAgentVersion",
                     summary: "Get one version of an agent, as a call that ran it saw it",
                     tag: "Agents", permission: .agentsRead, response: "Agent") { _, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard let number = Int(try HandlerSupport.pathID(context, "version")), number >= 1 else {
                    throw ParleyError.notFound("agent version")
                }
                let agentID = ResourceID.isValid(id, prefix: AgentHandle.idPrefix) ? id : try await find(env, context, org: p.orgID).id
                guard let agent = try await env.agents.version(number, of: agentID, org: p.orgID) else {
                    throw ParleyError.notFound("agent version")
                }
                return try HandlerSupport.json(AgentDTO(agent))
            },
            APIRoute(.post, "/v1/agents/{id}/web-calls", operationID: "createWebCall",
                     summary: "Start a browser call: a one-time ticket (valid 60 s) for the WebSocket at the returned url (docs/api.md, Web calls)",
                     tag: "Agents", permission: .callsWrite, response: "WebCall", status: 201) { _, context in
                let p = try context.requirePrincipal()
                let agent = try await find(env, context, org: p.orgID)
                guard let issuer = env.webCalls else { throw ParleyError(.unavailable, "web calls are not available on this server") }
                let ticket = try issuer.issue(org: p.orgID, agentID: agent.id)
                return try HandlerSupport.json(WebCallDTO(agentID: agent.id, token: ticket.token, url: ticket.url,
                                                          expiresAt: RFC3339.format(micros: ticket.expiresAt * 1_000_000)), status: .created)
            },
        ]
    }
}
