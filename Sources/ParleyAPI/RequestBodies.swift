import Foundation
import ParleyCore
import ParleyIdentity

/// Bodies the API accepts. Field names are the wire names.
struct NameBody: Codable, Sendable {
    var name: String
}

struct CreateUserBody: Codable, Sendable {
    var email: String
    var name: String?
    var password: String
    var role: String?
}

struct CreateMembershipBody: Codable, Sendable {
    var userId: String
    var role: String

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case role
    }
}

struct RoleBody: Codable, Sendable {
    var role: String
}

struct CreateInvitationBody: Codable, Sendable {
    var email: String
    var role: String
    var expiresInSeconds: Int64?

    enum CodingKeys: String, CodingKey {
        case email, role
        case expiresInSeconds = "expires_in_seconds"
    }
}

struct AcceptInvitationBody: Codable, Sendable {
    var token: String
    var name: String?
    var password: String
}

struct CreateAPIKeyBody: Codable, Sendable {
    var name: String?
    var role: String?
}

enum BodyValidation {
    static func role(_ raw: String, field: String = "role") throws(ParleyError) -> Role {
        guard let role = Role(rawValue: raw) else {
            throw ParleyError.validation("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))", field: field)
        }
        return role
    }

    /// A required display name: 1–`max` characters (Unicode code points), no control characters.
    static func name(_ raw: String, field: String = "name", max: Int = 200) throws(ParleyError) -> String {
        let trimmed = try optionalName(raw, field: field, max: max)
        guard !trimmed.isEmpty else {
            throw ParleyError.validation("\(field) must not be blank", field: field)
        }
        return trimmed
    }

    /// An optional display name: nil or blank means "use the default" (returned as "").
    static func optionalName(_ raw: String?, field: String = "name", max: Int = 200) throws(ParleyError) -> String {
        guard let raw else { return "" }
        guard raw.unicodeScalars.count <= max else {
            throw ParleyError.validation("\(field) must be at most \(max) characters", field: field)
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ParleyError.validation("\(field) must not contain control characters", field: field)
        }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The principal may only hand out roles its own role can assign.
    static func requireAssignable(_ role: Role, by principal: Principal, field: String = "role") throws(ParleyError) {
        guard principal.role.canAssign(role) else {
            throw ParleyError(.forbidden, "a \(principal.role.rawValue) cannot assign the \(role.rawValue) role", field: field)
        }
    }
}
