/// The single place that decides which role holds which permission (documented in docs/roles.md).
public enum PermissionMatrix {
    public static func permissions(of role: Role) -> Set<Permission> {
        let read: Set<Permission> = [.orgRead, .usersRead, .membershipsRead, .agentsRead, .numbersRead, .callsRead]
        switch role {
        case .owner:
            return Set(Permission.allCases)
        case .admin:
            return Set(Permission.allCases)
        case .manager:
            return read.union([.invitationsRead, .invitationsWrite, .apiKeysRead, .settingsRead, .agentsWrite, .numbersWrite, .callsWrite, .recordingsRead])
        case .member:
            return read.union([.settingsRead])
        case .viewer:
            return read
        case .auditor:
            return read.union([.auditRead, .apiKeysRead, .invitationsRead, .settingsRead])
        }
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(of: role).contains(permission)
    }
}
