/// A small JSON-schema subset for tool parameters: `type` (object, string, number, integer,
/// boolean, array, null), `required`, `enum`, `properties`, `items` and
/// `additionalProperties: false`. Other keywords (`description`, `minimum`, `format`…) are
/// allowed and passed to the model but not enforced.
public enum JSONSchemaValidator {
    /// The `type` values this subset understands.
    public static let knownTypes: Set<String> = ["object", "string", "number", "integer", "boolean", "array", "null"]

    /// Throws the first place `value` breaks `schema`.
    public static func validate(_ value: JSONValue, against schema: JSONValue) throws(JSONSchemaViolation) {
        try check(value, schema, path: "")
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String) throws(JSONSchemaViolation) {
        guard case .object = schema else { return }
        if let type = schema["type"]?.stringValue, !matches(value, type: type) {
            throw JSONSchemaViolation(.wrongType, path: path, "expected \(article(type)) \(type), got \(describe(value))")
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            let list = allowed.map(\.text).joined(separator: ", ")
            throw JSONSchemaViolation(.notInEnum, path: path, "\(describe(value)) is not one of: \(list)")
        }
        switch value {
        case .object(let members):
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil || members[name] == JSONValue.null {
                    throw JSONSchemaViolation(.missingRequired, path: join(path, name), "is required")
                }
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                if let propertySchema = properties[name] {
                    try check(members[name]!, propertySchema, path: join(path, name))
                } else if schema["additionalProperties"] == JSONValue.bool(false) {
                    throw JSONSchemaViolation(.unexpectedProperty, path: join(path, name), "is not a parameter of this tool")
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { try check(item, itemSchema, path: "\(path)[\(index)]") }
            }
        default:
            break
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("string", .string), ("number", .number), ("boolean", .bool),
             ("array", .array), ("null", .null):
            return true
        case ("integer", .number(let number)):
            return number.isFinite && number == number.rounded()
        default:
            // An unknown type is refused when the schema is checked; here it constrains nothing.
            return !knownTypes.contains(type)
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .number(let number): "number \(JSONValue.format(number))"
        case .string(let text): "string \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func article(_ type: String) -> String {
        ["object", "integer", "array"].contains(type) ? "an" : "a"
    }

    private static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }
}
