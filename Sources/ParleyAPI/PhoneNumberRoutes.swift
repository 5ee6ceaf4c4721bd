import Hummingbird
import ParleyCalls
import ParleyCore
import ParleyIdentity

/// `/v1/phone-numbers`: the org's numbers and which agent answers each. Point the number's
/// Twilio voice webhook at `voice_webhook_url`.
enum PhoneNumberRoutes {
    struct PhoneNumberDTO: Codable, Sendable {
        var object = "phone_number"
        var id: String
        var number: String
        var agentID: String?
        var label: String
        var voiceWebhookURL: String
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case object, id, number, label
            case agentID = "agent_id", voiceWebhookURL = "voice_webhook_url", createdAt = "created_at", updatedAt = "updated_at"
        }

        init(_ n: PhoneNumber, publicURL: String) {
            id = n.id
            number = n.number
            agentID = n.agentID
            label = n.label
            voiceWebhookURL = publicURL + "/v1/twilio/voice/" + n.id
            createdAt = RFC3339.format(micros: n.createdAt)
            updatedAt = RFC3339.format(micros: n.updatedAt)
        }
    }

    struct CreateBody: Decodable, Sendable {
        var number: String
        var agent: String?
        var label: String?
    }

    /// `agent` absent: unchanged; null: route to no agent.
    struct UpdateBody: Decodable, Sendable {
        var agent: String??
        var label: String?

        enum CodingKeys: String, CodingKey { case agent, label }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.agent) {
                agent = try container.decodeNil(forKey: .agent) ? .some(nil) : .some(try container.decode(String.self, forKey: .agent))
            }
            label = try container.decodeIfPresent(String.self, forKey: .label)
        }
    }

    /// The agent id for a name or id in the org (404 naming `agent` when there is none).
    static func agentID(_ env: APIEnvironment, _ nameOrID: String, org: String) async throws -> String {
        guard nameOrID.utf8.count <= 64, let agent = try await env.agents.find(nameOrID: nameOrID, org: org) else {
            throw ParleyError(.notFound, "agent not found", field: "agent")
        }
        return agent.id
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        let publicURL = env.limits.publicURL
        return [
            APIRoute(.get, "/v1/phone-numbers", operationID: "listPhoneNumbers", summary: "List phone numbers",
                     tag: "Phone numbers", permission: .numbersRead, response: "PhoneNumberList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.numbers.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page) { PhoneNumberDTO($0, publicURL: publicURL) })
            },
            APIRoute(.post, "/v1/phone-numbers", operationID: "createPhoneNumber",
                     summary: "Add a number (E.164) and the agent that answers it",
                     tag: "Phone numbers", permission: .numbersWrite, request: "CreatePhoneNumberInput", response: "PhoneNumber", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateBody.self, from: request)
                guard APISchemas.isE164(body.number) else {
                    throw ParleyError.validation("number must be in E.164 form, e.g. +14155550100", field: "number")
                }
                let label = try BodyValidation.optionalName(body.label, field: "label", max: 100)
                let agent = try await body.agent.asyncMap { try await agentID(env, $0, org: p.orgID) }
                let number = try await env.numbers.create(org: p.orgID, number: body.number, agentID: agent, label: label)
                return try HandlerSupport.json(PhoneNumberDTO(number, publicURL: publicURL), status: .created)
            },
            APIRoute(.get, "/v1/phone-numbers/{id}", operationID: "getPhoneNumber", summary: "Get a phone number",
                     tag: "Phone numbers", permission: .numbersRead, response: "PhoneNumber") { _, context in
                let p = try context.requirePrincipal()
                guard let number = try await env.numbers.find(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("phone number")
                }
                return try HandlerSupport.json(PhoneNumberDTO(number, publicURL: publicURL))
            },
            APIRoute(.patch, "/v1/phone-numbers/{id}", operationID: "updatePhoneNumber",
                     summary: "Route a number to another agent (null: none) or relabel it",
                     tag: "Phone numbers", permission: .numbersWrite, request: "UpdatePhoneNumberInput", response: "PhoneNumber") { request, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard try await env.numbers.find(id, org: p.orgID) != nil else { throw ParleyError.notFound("phone number") }
                let body = try await HandlerSupport.decode(UpdateBody.self, from: request)
                let label = try body.label.map { try BodyValidation.optionalName($0, field: "label", max: 100) }
                var agent: String??
                if let requested = body.agent { agent = .some(try await requested.asyncMap { try await agentID(env, $0, org: p.orgID) }) }
                guard let number = try await env.numbers.update(id, org: p.orgID, agentID: agent, label: label) else {
                    throw ParleyError.notFound("phone number")
                }
                return try HandlerSupport.json(PhoneNumberDTO(number, publicURL: publicURL))
            },
            APIRoute(.delete, "/v1/phone-numbers/{id}", operationID: "deletePhoneNumber", summary: "Remove a phone number",
                     tag: "Phone numbers", permission: .numbersWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                guard try await env.numbers.delete(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("phone number")
                }
                return .noContent
            },
        ]
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
