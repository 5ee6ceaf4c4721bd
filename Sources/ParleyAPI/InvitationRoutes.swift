import Hummingbird
import ParleyCore
import ParleyIdentity

/// `/v1/invitations`: invite people by link; accepting creates (or joins) their account.
enum InvitationRoutes {
    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/invitations", operationID: "listInvitations", summary: "List invitations",
                     tag: "Invitations", permission: .invitationsRead, response: "InvitationList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let now = env.clock.nowMicros()
                let page = try await env.invitations.list(org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page) { InvitationDTO($0, now: now) })
            },
            APIRoute(.post, "/v1/invitations", operationID: "createInvitation",
                     summary: "Invite someone by email; the response carries the one-time link (shown once)",
                     tag: "Invitations", permission: .invitationsWrite, request: "CreateInvitationInput", response: "Invitation", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateInvitationBody.self, from: request)
                let role = try BodyValidation.role(body.role)
                try BodyValidation.requireAssignable(role, by: p)
                let (inv, token) = try await env.invitations.create(
                    org: p.orgID, email: body.email, role: role, invitedBy: p.userID,
                    lifetimeSeconds: body.expiresInSeconds ?? InvitationRepository.defaultLifetimeSeconds)
                return try HandlerSupport.json(InvitationDTO(inv, now: env.clock.nowMicros(), token: token, publicURL: env.limits.publicURL), status: .created)
            },
            APIRoute(.get, "/v1/invitations/{id}", operationID: "getInvitation", summary: "Get an invitation",
                     tag: "Invitations", permission: .invitationsRead, response: "Invitation") { _, context in
                let p = try context.requirePrincipal()
                guard let inv = try await env.invitations.find(try HandlerSupport.pathID(context), org: p.orgID) else {
                    throw ParleyError.notFound("invitation")
                }
                return try HandlerSupport.json(InvitationDTO(inv, now: env.clock.nowMicros()))
            },
            APIRoute(.delete, "/v1/invitations/{id}", operationID: "revokeInvitation", summary: "Revoke a pending invitation",
                     tag: "Invitations", permission: .invitationsWrite, response: "Invitation") { _, context in
                let p = try context.requirePrincipal()
                let id = try HandlerSupport.pathID(context)
                guard let current = try await env.invitations.find(id, org: p.orgID) else { throw ParleyError.notFound("invitation") }
                if current.acceptedAt != nil {
                    throw ParleyError(.conflict, "this invitation was already accepted; remove the membership instead")
                }
                guard let inv = try await env.invitations.revoke(id, org: p.orgID) else {
                    throw ParleyError.notFound("invitation")
                }
                return try HandlerSupport.json(InvitationDTO(inv, now: env.clock.nowMicros()))
            },
            APIRoute(.post, "/v1/invitations/accept", operationID: "acceptInvitation",
                     summary: "Accept an invitation with its token (no API key needed); creates the account when new",
                     tag: "Invitations", permission: nil, request: "AcceptInvitationInput", response: "Membership", status: 201) { request, _ in
                let body = try await HandlerSupport.decode(AcceptInvitationBody.self, from: request)
                let name = try BodyValidation.optionalName(body.name)
                guard let inv = try await env.invitations.find(token: body.token) else { throw ParleyError.notFound("invitation") }
                // For an existing account the password proves it is theirs; the link alone is not enough.
                if let existing = try await env.users.credentials(email: inv.email),
                   !(try await env.users.hasher.verify(body.password, hash: existing.passwordHash)) {
                    throw ParleyError(.forbidden, "an account with this email exists; send its current password to accept", field: "password")
                }
                let (userID, orgID) = try await env.invitations.accept(token: body.token, name: name, password: body.password)
                guard let m = try await env.memberships.find(user: userID, org: orgID) else { throw ParleyError.notFound("membership") }
                return try HandlerSupport.json(MembershipDTO(m), status: .created)
            },
        ]
    }
}
