import Hummingbird
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyStorage

/// `/v1/secrets`: provider credentials stored encrypted under the organization key.
/// Write-only: values are never returned, lists show a masked hint.
enum SecretRoutes {
    struct SecretDTO: Codable, Sendable {
        var object = "secret"
        var name: String
        var hint: String
        var createdAt: String
        var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case object, name, hint
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        init(_ s: OrgSecretStore.Summary) {
            name = s.name
            hint = s.hint
            createdAt = RFC3339.format(micros: s.createdAt)
            updatedAt = RFC3339.format(micros: s.updatedAt)
        }
    }

    struct ValueBody: Codable, Sendable {
        var value: String
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/secrets", operationID: "listSecrets", summary: "List the organization's secrets (names and masked hints only)",
                     tag: "Secrets", permission: .settingsRead, response: "SecretList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try HandlerSupport.page(request)
                let all = try await env.secrets.list(org: p.orgID).filter { $0.name > (page.after ?? "") }
                return try HandlerSupport.json(ListDTO(Page(fetched: Array(all.prefix(page.limit + 1)), limit: page.limit, id: \.name), SecretDTO.init))
            },
            APIRoute(.put, "/v1/secrets/{name}", operationID: "setSecret",
                     summary: "Create or replace a secret (e.g. twilio.auth_token); the value can never be read back",
                     tag: "Secrets", permission: .settingsWrite, request: "SecretValueInput", response: "Secret") { request, context in
                let p = try context.requirePrincipal()
                let name = try HandlerSupport.pathID(context, "name")
                try OrgSecretStore.validate(name: name)
                let body = try await HandlerSupport.decode(ValueBody.self, from: request)
                return try HandlerSupport.json(SecretDTO(try await env.secrets.set(org: p.orgID, name: name, value: body.value)))
            },
            APIRoute(.delete, "/v1/secrets/{name}", operationID: "deleteSecret", summary: "Delete a secret",
                     tag: "Secrets", permission: .settingsWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                guard try await env.secrets.delete(org: p.orgID, name: try HandlerSupport.pathID(context, "name")) else {
                    throw ParleyError.notFound("secret")
                }
                return .noContent
            },
        ]
    }
}
