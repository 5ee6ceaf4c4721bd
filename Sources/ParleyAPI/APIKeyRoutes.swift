import Hummingbird
import ParleyCore
import ParleyIdentity

/// `/v1/api-keys`: keys bound to the caller's organization and a role. The secret is shown once.
enum APIKeyRoutes {
    static func routes(_ env: APIEnvironment, authenticator: APIKeyAuthenticator) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/api-keys", operationID: "listAPIKeys", summary: "List API keys (secrets are never shown again)",
                     tag: "API keys", permission: .apiKeysRead, response: "APIKeyList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.apiKeys.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page) { APIKeyDTO($0) })
            },
            APIRoute(.post, "/v1/api-keys", operationID: "createAPIKey", summary: "Create an API key; the response holds its secret, once",
                     tag: "API keys", permission: .apiKeysWrite, request: "CreateAPIKeyInput", response: "APIKey", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateAPIKeyBody.self, from: request)
                let role = try body.role.map { try BodyValidation.role($0) } ?? (p.role == .owner ? .admin : p.role)
                try BodyValidation.requireAssignable(role, by: p)
                let name = try BodyValidation.optionalName(body.name, max: 100)
                let (key, secret) = try await env.apiKeys.create(org: p.orgID, name: name, role: role, createdBy: p.userID)
                return try HandlerSupport.json(APIKeyDTO(key, secret: secret), status: .created)
            },
            APIRoute(.get, "/v1/api-keys/{id}", operationID: "getAPIKey", summary: "Get an API key",
                     tag: "API keys", permission: .apiKeysRead, response: "APIKey") { _, context in
                let p = try context.requirePrincipal()
                guard let key = try await env.apiKeys.find(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("API key")
                }
                return try HandlerSupport.json(APIKeyDTO(key))
            },
            APIRoute(.delete, "/v1/api-keys/{id}", operationID: "revokeAPIKey", summary: "Revoke an API key at once",
                     tag: "API keys", permission: .apiKeysWrite, response: "APIKey") { _, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard let existing = try await env.apiKeys.find(id, org: p.orgID) else { throw ParleyError.notFound("API key") }
                try BodyValidation.requireAssignable(existing.role, by: p)
                guard let key = try await env.apiKeys.revoke(id, org: p.orgID) else { throw ParleyError.notFound("API key") }
                authenticator.forget(keyID: id)
                return try HandlerSupport.json(APIKeyDTO(key))
            },
        ]
    }
}
