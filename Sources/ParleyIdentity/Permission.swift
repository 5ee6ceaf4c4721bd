/// Everything an API route or dashboard page can require. Routes declare one; `PermissionMatrix` decides.
public enum Permission: String, Sendable, CaseIterable, Codable {
    case orgRead = "org.read"
    case orgWrite = "org.write"
    case orgCreateChild = "org.create_child"
    case usersRead = "users.read"
    case usersWrite = "users.write"
    case membershipsRead = "memberships.read"
    case membershipsWrite = "memberships.write"
    case invitationsRead = "invitations.read"
    case invitationsWrite = "invitations.write"
    case apiKeysRead = "api_keys.read"
    case apiKeysWrite = "api_keys.write"
    case settingsRead = "settings.read"
    case settingsWrite = "settings.write"
    case auditRead = "audit.read"
    case agentsRead = "agents.read"
    case agentsWrite = "agents.write"
}
