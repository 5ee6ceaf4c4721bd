import Hummingbird
import ParleyCore
import ParleyIdentity

/// `/v1/memberships`: who has which role in the caller's organization.
enum MembershipRoutes {
    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/memberships", operationID: "listMemberships", summary: "List memberships of your organization",
                     tag: "Memberships", permission: .membershipsRead, response: "MembershipList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.memberships.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page, MembershipDTO.init))
            },
            APIRoute(.post, "/v1/memberships", operationID: "createMembership",
                     summary: "Add a member of the parent organization (agency staff) to this organization",
                     tag: "Memberships", permission: .membershipsWrite, request: "CreateMembershipInput", response: "Membership", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateMembershipBody.self, from: request)
                let role = try BodyValidation.role(body.role)
                try BodyValidation.requireAssignable(role, by: p)
                // Only people the org already knows through its parent can be added directly; others are invited.
                guard let org = try await env.organizations.find(p.orgID, scope: p.orgID), let parent = org.parentID,
                      try await env.memberships.find(user: body.userId, org: parent) != nil else {
                    throw ParleyError(.notFound, "no member of the parent organization has that id; invite new people with /v1/invitations", field: "user_id")
                }
                let m = try await env.memberships.create(org: p.orgID, userID: body.userId, role: role)
                return try HandlerSupport.json(MembershipDTO(m), status: .created)
            },
            APIRoute(.get, "/v1/memberships/{id}", operationID: "getMembership", summary: "Get a membership",
                     tag: "Memberships", permission: .membershipsRead, response: "Membership") { _, context in
                let p = try context.requirePrincipal()
                guard let m = try await env.memberships.find(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("membership")
                }
                return try HandlerSupport.json(MembershipDTO(m))
            },
            APIRoute(.patch, "/v1/memberships/{id}", operationID: "updateMembership", summary: "Change a member's role",
                     tag: "Memberships", permission: .membershipsWrite, request: "RoleInput", response: "Membership") { request, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard let current = try await env.memberships.find(id, org: p.orgID) else { throw ParleyError.notFound("membership") }
                let body = try await HandlerSupport.decode(RoleBody.self, from: request)
                let role = try BodyValidation.role(body.role)
                try BodyValidation.requireAssignable(role, by: p)
                try BodyValidation.requireAssignable(current.role, by: p)
                guard let m = try await env.memberships.updateRole(id, org: p.orgID, role: role) else { throw ParleyError.notFound("membership") }
                return try HandlerSupport.json(MembershipDTO(m))
            },
            APIRoute(.delete, "/v1/memberships/{id}", operationID: "deleteMembership", summary: "Remove a member from your organization",
                     tag: "Memberships", permission: .membershipsWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard let current = try await env.memberships.find(id, org: p.orgID) else { throw ParleyError.notFound("membership") }
                try BodyValidation.requireAssignable(current.role, by: p)
                guard try await env.memberships.delete(id, org: p.orgID) != nil else { throw ParleyError.notFound("membership") }
                return .noContent
            },
        ]
    }
}
