/// An organization (tenant). `parentID` links agency sub-accounts to their parent.
public struct Organization: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var parentID: String?
    public var createdAt: Int64

    public init(id: String, name: String, parentID: String?, createdAt: Int64) {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.createdAt = createdAt
    }
}

/// A person who can log in. Users are global; what they see is decided by memberships.
public struct User: Sendable, Codable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var totpEnabled: Bool
    public var createdAt: Int64

    public init(id: String, email: String, name: String, totpEnabled: Bool, createdAt: Int64) {
        self.id = id
        self.email = email
        self.name = name
        self.totpEnabled = totpEnabled
        self.createdAt = createdAt
    }
}

/// A user's role in one organization.
public struct Membership: Sendable, Codable, Equatable {
    public var id: String
    public var orgID: String
    public var userID: String
    public var role: Role
    public var createdAt: Int64

    public init(id: String, orgID: String, userID: String, role: Role, createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.userID = userID
        self.role = role
        self.createdAt = createdAt
    }
}

/// An invitation by link; the token is only ever known to the creator (shown once).
public struct Invitation: Sendable, Codable, Equatable {
    public var id: String
    public var orgID: String
    public var email: String
    public var role: Role
    public var invitedBy: String?
    public var expiresAt: Int64
    public var acceptedAt: Int64?
    public var revokedAt: Int64?
    public var createdAt: Int64

    public init(id: String, orgID: String, email: String, role: Role, invitedBy: String?, expiresAt: Int64,
                acceptedAt: Int64?, revokedAt: Int64?, createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.email = email
        self.role = role
        self.invitedBy = invitedBy
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
    }

    public func status(at now: Int64) -> String {
        if acceptedAt != nil { return "accepted" }
        if revokedAt != nil { return "revoked" }
        if expiresAt <= now { return "expired" }
        return "pending"
    }
}

/// An API key's public record; the secret is never stored, only its SHA-256.
public struct APIKey: Sendable, Codable, Equatable {
    public var id: String
    public var orgID: String
    public var name: String
    public var role: Role
    /// The first characters of the token, to recognise a key in lists (`pk_live_AbC…`).
    public var prefix: String
    public var createdBy: String?
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?

    public init(id: String, orgID: String, name: String, role: Role, prefix: String, createdBy: String?,
                createdAt: Int64, lastUsedAt: Int64?, revokedAt: Int64?) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
