extension JSONSchemaValidator {
    /// Problems with a tool's `parameters` schema, each with a path relative to it
    /// (`properties.date.type`): the top level must be `type: object` with a `properties`
    /// object, and every nested schema must use the subset's keywords consistently.
    public static func schemaProblems(_ schema: JSONValue) -> [(path: String, message: String)] {
        var problems: [(path: String, message: String)] = []
        guard case .object = schema else {
            return [("", "must be a JSON schema object such as {\"type\": \"object\", \"properties\": {…}}")]
        }
        if schema["type"] != JSONValue.string("object") {
            problems.append(("type", "must be \"object\" (tool arguments are a JSON object)"))
        }
        if schema["properties"] == nil {
            problems.append(("properties", "is required (use {} for a tool without arguments)"))
        }
        checkSchema(schema, path: "", into: &problems)
        return problems
    }

    private static func checkSchema(_ schema: JSONValue, path: String, into problems: inout [(path: String, message: String)]) {
        func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        guard case .object = schema else {
            problems.append((path, "must be a JSON schema object"))
            return
        }
        if let type = schema["type"] {
            if let name = type.stringValue {
                if !knownTypes.contains(name) {
                    problems.append((at("type"), "'\(name)' is not supported; use one of \(knownTypes.sorted().joined(separator: ", "))"))
                }
            } else {
                problems.append((at("type"), "must be a string"))
            }
        }
        if let values = schema["enum"] {
            if case .array(let items) = values, !items.isEmpty {
                if let type = schema["type"]?.stringValue {
                    for (index, item) in items.enumerated() where !matches(item, type: type) {
                        problems.append((at("enum[\(index)]"), "is not of type \(type)"))
                    }
                }
            } else {
                problems.append((at("enum"), "must be a non-empty array"))
            }
        }
        var declared: [String: JSONValue] = [:]
        if let properties = schema["properties"] {
            if case .object(let members) = properties {
                declared = members
                for name in members.keys.sorted() {
                    checkSchema(members[name]!, path: at("properties.\(name)"), into: &problems)
                }
            } else {
                problems.append((at("properties"), "must be an object mapping argument names to schemas"))
            }
        }
        if let required = schema["required"] {
            if case .array(let names) = required {
                for (index, entry) in names.enumerated() {
                    guard let name = entry.stringValue else {
                        problems.append((at("required[\(index)]"), "must be a string"))
                        continue
                    }
                    if declared[name] == nil {
                        problems.append((at("required[\(index)]"), "'\(name)' is not in properties"))
                    }
                }
            } else {
                problems.append((at("required"), "must be an array of property names"))
            }
        }
        if let items = schema["items"] {
            checkSchema(items, path: at("items"), into: &problems)
        }
        if let additional = schema["additionalProperties"], additional.boolValue == nil, !isObject(additional) {
            problems.append((at("additionalProperties"), "must be a boolean or a schema"))
        }
    }

    private static func isObject(_ value: JSONValue) -> Bool {
        if case .object = value { return true }
        return false
    }
}
