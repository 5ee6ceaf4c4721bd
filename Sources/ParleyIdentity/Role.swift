/// A member's role in an organization. Order of `rank` decides who may grant what.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case owner, admin, manager, member, viewer, auditor

    /// Higher ranks may grant roles of equal or lower rank (owner only by owners).
    var rank: Int {
        switch self {
        case .owner: return 5
        case .admin: return 4
        case .manager: return 3
        case .auditor: return 2
        case .member: return 2
        case .viewer: return 1
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Roles this role may give to someone else (invitations, memberships, API keys).
    public var assignableRoles: [Role] {
        switch self {
        case .owner: return Role.allCases
        case .admin: return [.admin, .manager, .member, .viewer, .auditor]
        case .manager: return [.member, .viewer]
        case .member, .viewer, .auditor: return []
        }
    }

    public func canAssign(_ role: Role) -> Bool { assignableRoles.contains(role) }
}
