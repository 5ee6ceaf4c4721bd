/// Who is making a request, within which organization, with which role.
public struct Principal: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case apiKey(keyID: String)
        case session(sessionID: String)
        case system
    }

    public var kind: Kind
    public var orgID: String
    public var role: Role
    /// The acting user, when there is one (sessions; API keys remember their creator).
    public var userID: String?

    public init(kind: Kind, orgID: String, role: Role, userID: String?) {
        self.kind = kind
        self.orgID = orgID
        self.role = role
        self.userID = userID
    }

    /// A stable string naming the actor, for rate limits, idempotency scopes and logs.
    public var actorID: String {
        switch kind {
        case .apiKey(let id): return id
        case .session(let id): return userID ?? id
        case .system: return "system"
        }
    }

    public func can(_ permission: Permission) -> Bool {
        PermissionMatrix.allows(role, permission)
    }
}
