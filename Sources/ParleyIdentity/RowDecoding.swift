import ParleyCore
import SQLKit

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int64(_ column: String) throws -> Int64 { Int64(try decode(column: column, as: Int.self)) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int?.self).map(Int64.init) }

    func role(_ column: String = "role") throws -> Role {
        let raw = try string(column)
        guard let role = Role(rawValue: raw) else { throw ParleyError(.storage, "unknown role '\(raw)' in database") }
        return role
    }
}
