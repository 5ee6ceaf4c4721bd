import ParleyCore
import ParleyIdentity
import ParleyStorage

/// Wire shapes of API resources (snake_case, RFC 3339 times). Schemas in `APISchemas` match these.
struct OrganizationDTO: Codable, Sendable {
    var object = "organization"
    var id: String
    var name: String
    var parentId: String?
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case object, id, name
        case parentId = "parent_id"
        case createdAt = "created_at"
    }

    init(_ o: Organization) {
        id = o.id
        name = o.name
        parentId = o.parentID
        createdAt = RFC3339.format(micros: o.createdAt)
    }
}

struct UserDTO: Codable, Sendable {
    var object = "user"
    var id: String
    var email: String
    var name: String
    var totpEnabled: Bool
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case object, id, email, name
        case totpEnabled = "totp_enabled"
        case createdAt = "created_at"
    }

    init(_ u: User) {
        id = u.id
        email = u.email
        name = u.name
        totpEnabled = u.totpEnabled
        createdAt = RFC3339.format(micros: u.createdAt)
    }
}

struct MembershipDTO: Codable, Sendable {
    var object = "membership"
    var id: String
    var orgId: String
    var userId: String
    var role: String
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case object, id, role
        case orgId = "org_id"
        case userId = "user_id"
        case createdAt = "created_at"
    }

    init(_ m: Membership) {
        id = m.id
        orgId = m.orgID
        userId = m.userID
        role = m.role.rawValue
        createdAt = RFC3339.format(micros: m.createdAt)
    }
}

struct InvitationDTO: Codable, Sendable {
    var object = "invitation"
    var id: String
    var orgId: String
    var email: String
    var role: String
    var status: String
    var expiresAt: String
    var createdAt: String
    /// Only present in the response that created it.
    var token: String?
    var acceptUrl: String?

    enum CodingKeys: String, CodingKey {
        case object, id, email, role, status, token
        case orgId = "org_id"
        case expiresAt = "expires_at"
        case createdAt = "created_at"
        case acceptUrl = "accept_url"
    }

    init(_ i: Invitation, now: Int64, token: String? = nil, publicURL: String? = nil) {
        id = i.id
        orgId = i.orgID
        email = i.email
        role = i.role.rawValue
        status = i.status(at: now)
        expiresAt = RFC3339.format(micros: i.expiresAt)
        createdAt = RFC3339.format(micros: i.createdAt)
        self.token = token
        if let token, let publicURL { acceptUrl = publicURL + "/invite/" + token }
    }
}

struct APIKeyDTO: Codable, Sendable {
    var object = "api_key"
    var id: String
    var name: String
    var role: String
    var prefix: String
    var createdAt: String
    var lastUsedAt: String?
    var revokedAt: String?
    /// The secret, only in the response that created the key.
    var secret: String?

    enum CodingKeys: String, CodingKey {
        case object, id, name, role, prefix, secret
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }

    init(_ k: APIKey, secret: String? = nil) {
        id = k.id
        name = k.name
        role = k.role.rawValue
        prefix = k.prefix
        createdAt = RFC3339.format(micros: k.createdAt)
        lastUsedAt = k.lastUsedAt.map { RFC3339.format(micros: $0) }
        revokedAt = k.revokedAt.map { RFC3339.format(micros: $0) }
        self.secret = secret
    }
}

struct ListDTO<Item: Codable & Sendable>: Codable, Sendable {
    var object = "list"
    var data: [Item]
    var hasMore: Bool
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case object, data
        case hasMore = "has_more"
        case nextCursor = "next_cursor"
    }

    init<T>(_ page: Page<T>, _ transform: (T) -> Item) {
        data = page.items.map(transform)
        hasMore = page.nextCursor != nil
        nextCursor = page.nextCursor
    }
}

struct MeDTO: Codable, Sendable {
    var object = "principal"
    var orgId: String
    var role: String
    var kind: String
    var apiKeyId: String?
    var userId: String?
    var permissions: [String]

    enum CodingKeys: String, CodingKey {
        case object, role, kind, permissions
        case orgId = "org_id"
        case apiKeyId = "api_key_id"
        case userId = "user_id"
    }

    init(_ p: Principal) {
        orgId = p.orgID
        role = p.role.rawValue
        switch p.kind {
        case .apiKey(let id): kind = "api_key"; apiKeyId = id
        case .session: kind = "session"
        case .system: kind = "system"
        }
        userId = p.userID
        permissions = PermissionMatrix.permissions(of: p.role).map(\.rawValue).sorted()
    }
}
