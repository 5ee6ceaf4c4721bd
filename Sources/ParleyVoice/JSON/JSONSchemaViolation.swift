/// Why a JSON value does not match a schema (`JSONSchemaValidator`), naming the value's path
/// (`date`, `guests[2].name`) so the model can correct that one argument.
public struct JSONSchemaViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case wrongType = "wrong_type"
        case missingRequired = "missing_required"
        case notInEnum = "not_in_enum"
        case unexpectedProperty = "unexpected_property"
    }

    public var code: Code
    /// Path of the offending value; empty for the top level.
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
