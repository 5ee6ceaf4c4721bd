import ParleyCore

/// Rules for an agent's handle: 1–64 characters of lowercase letters, digits, `-` and `_`,
/// starting with a letter or digit, and never shaped like an agent id (`agt_…`), so
/// "name or id" lookups are unambiguous.
public enum AgentHandle {
    public static let idPrefix = "agt"
    public static let pattern = "^[a-z0-9][a-z0-9_-]{0,63}$"

    public static func validate(_ name: String, field: String = "name") throws(ParleyError) {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else {
            throw ParleyError.validation("agent name must be 1 to 64 characters", field: field)
        }
        func allowed(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
            case UInt8(ascii: "-"), UInt8(ascii: "_"): return !first
            default: return false
            }
        }
        for (index, byte) in bytes.enumerated() where !allowed(byte, first: index == 0) {
            throw ParleyError.validation(
                "agent name may use lowercase letters, digits, '-' and '_' and must start with a letter or digit", field: field)
        }
        if ResourceID.isValid(name, prefix: idPrefix) {
            throw ParleyError.validation("agent name must not look like an agent id", field: field)
        }
    }
}
