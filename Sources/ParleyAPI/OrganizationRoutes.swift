import Hummingbird
import ParleyCore
import ParleyIdentity

/// `/v1/orgs`: the caller's organization and its sub-organizations (agencies, resellers).
enum OrganizationRoutes {
    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/orgs", operationID: "listOrgs", summary: "List your organization and its sub-organizations",
                     tag: "Organizations", permission: .orgRead, response: "OrganizationList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.organizations.list(scope: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page, OrganizationDTO.init))
            },
            APIRoute(.post, "/v1/orgs", operationID: "createOrg", summary: "Create a sub-organization",
                     tag: "Organizations", permission: .orgCreateChild, request: "NameInput", response: "Organization", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(NameBody.self, from: request)
                let org = try await env.organizations.createChild(name: try BodyValidation.name(body.name), parent: p.orgID, ownerUserID: p.userID)
                return try HandlerSupport.json(OrganizationDTO(org), status: .created)
            },
            APIRoute(.get, "/v1/orgs/{id}", operationID: "getOrg", summary: "Get an organization",
                     tag: "Organizations", permission: .orgRead, response: "Organization") { _, context in
                let p = try context.requirePrincipal()
                guard let org = try await env.organizations.find(try HandlerSupport.pathID(context), scope: p.orgID) else {
                    throw ParleyError.notFound("organization")
                }
                return try HandlerSupport.json(OrganizationDTO(org))
            },
            APIRoute(.patch, "/v1/orgs/{id}", operationID: "updateOrg", summary: "Rename an organization",
                     tag: "Organizations", permission: .orgWrite, request: "NameInput", response: "Organization") { request, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard try await env.organizations.find(id, scope: p.orgID) != nil else { throw ParleyError.notFound("organization") }
                let body = try await HandlerSupport.decode(NameBody.self, from: request)
                guard let org = try await env.organizations.rename(id, to: try BodyValidation.name(body.name), scope: p.orgID) else {
                    throw ParleyError.notFound("organization")
                }
                return try HandlerSupport.json(OrganizationDTO(org))
            },
        ]
    }
}
