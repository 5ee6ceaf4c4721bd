import Hummingbird
import ParleyCore
import ParleyIdentity

/// `/v1/users`: people who are members of the caller's organization, and `/v1/me`.
enum UserRoutes {
    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/me", operationID: "getMe", summary: "Who am I: the organization, role and permissions of this API key",
                     tag: "Users", permission: .orgRead, response: "Me") { _, context in
                try HandlerSupport.json(MeDTO(try context.requirePrincipal()))
            },
            APIRoute(.get, "/v1/users", operationID: "listUsers", summary: "List members of your organization",
                     tag: "Users", permission: .usersRead, response: "UserList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let page = try await env.users.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page, UserDTO.init))
            },
            APIRoute(.post, "/v1/users", operationID: "createUser", summary: "Create a user with a password and add them to your organization",
                     tag: "Users", permission: .usersWrite, request: "CreateUserInput", response: "User", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateUserBody.self, from: request)
                let role = try BodyValidation.role(body.role ?? Role.member.rawValue)
                try BodyValidation.requireAssignable(role, by: p)
                let name = try BodyValidation.optionalName(body.name)
                let user = try await env.users.create(email: body.email, name: name, password: body.password, org: p.orgID, role: role)
                return try HandlerSupport.json(UserDTO(user), status: .created)
            },
            APIRoute(.get, "/v1/users/{id}", operationID: "getUser", summary: "Get a member of your organization",
                     tag: "Users", permission: .usersRead, response: "User") { _, context in
                let p = try context.requirePrincipal()
                guard let user = try await env.users.find(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("user")
                }
                return try HandlerSupport.json(UserDTO(user))
            },
            APIRoute(.patch, "/v1/users/{id}", operationID: "updateUser", summary: "Rename a member of your organization",
                     tag: "Users", permission: .usersWrite, request: "NameInput", response: "User") { request, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard try await env.users.find(id, org: p.orgID) != nil else { throw ParleyError.notFound("user") }
                let body = try await HandlerSupport.decode(NameBody.self, from: request)
                guard let user = try await env.users.rename(id, to: try BodyValidation.name(body.name), org: p.orgID) else {
                    throw ParleyError.notFound("user")
                }
                return try HandlerSupport.json(UserDTO(user))
            },
        ]
    }
}
