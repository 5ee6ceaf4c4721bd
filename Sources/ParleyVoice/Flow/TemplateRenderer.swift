/// Renders `{{name}}` placeholders. Spaces inside the braces are ignored (`{{ name }}`),
/// dotted paths reach into objects and arrays (`{{booking.slot}}`, `{{items.0}}`), and
/// `{{name | fallback}}` supplies inline text for a missing or empty value. A missing
/// variable without a fallback renders as the empty string; anything between braces that
/// is not a variable path is left as written.
public enum TemplateRenderer {
    /// Renders `template` against `variables`.
    public static func render(_ template: String, variables: [String: JSONValue]) -> String {
        var output = ""
        for piece in pieces(of: template) {
            switch piece {
            case .literal(let text):
                output += text
            case .placeholder(let path, let fallback):
                let value = lookup(path, in: variables)?.text ?? ""
                output += value.isEmpty ? (fallback ?? "") : value
            }
        }
        return output
    }

    /// Renders every string inside `value`. A string that is exactly one placeholder is
    /// replaced by the variable's JSON value itself, so numbers and objects keep their type.
    public static func render(_ value: JSONValue, variables: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text):
            let parts = pieces(of: text)
            if parts.count == 1, case .placeholder(let path, let fallback) = parts[0] {
                if let found = lookup(path, in: variables), found != .null, found != .string("") { return found }
                return .string(fallback ?? "")
            }
            return .string(render(text, variables: variables))
        case .array(let items):
            return .array(items.map { render($0, variables: variables) })
        case .object(let members):
            return .object(members.mapValues { render($0, variables: variables) })
        default:
            return value
        }
    }

    /// The variable paths a template names, in order of appearance.
    public static func variablePaths(in template: String) -> [String] {
        pieces(of: template).compactMap {
            if case .placeholder(let path, _) = $0 { return path }
            return nil
        }
    }

    /// The variable paths named anywhere inside a JSON value's strings.
    public static func variablePaths(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return variablePaths(in: text)
        case .array(let items): return items.flatMap { variablePaths(in: $0) }
        case .object(let members): return members.keys.sorted().flatMap { variablePaths(in: members[$0]!) }
        default: return []
        }
    }

    /// Resolves a dotted path (`a.b.0`) against variables.
    public static func lookup(_ path: String, in variables: [String: JSONValue]) -> JSONValue? {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = segments.first, var current = variables[first] else { return nil }
        for segment in segments.dropFirst() {
            switch current {
            case .object(let members):
                guard let next = members[segment] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(segment), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The root variable of a path: `booking` for `booking.slot`.
    public static func rootName(of path: String) -> String {
        String(path.split(separator: ".", maxSplits: 1).first ?? Substring(path))
    }

    enum Piece: Equatable {
        case literal(String)
        case placeholder(path: String, fallback: String?)
    }

    static func pieces(of template: String) -> [Piece] {
        var result: [Piece] = []
        var literal = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            literal += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                literal += rest[open.lowerBound...]
                rest = ""
                break
            }
            let inner = afterOpen[..<close.lowerBound]
            var pathPart = Substring(inner)
            var fallback: String?
            if let bar = inner.firstIndex(of: "|") {
                pathPart = inner[..<bar]
                fallback = trimmed(inner[inner.index(after: bar)...])
            }
            let path = trimmed(pathPart)
            if isVariablePath(path) {
                if !literal.isEmpty { result.append(.literal(literal)); literal = "" }
                result.append(.placeholder(path: path, fallback: fallback))
            } else {
                literal += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        literal += rest
        if !literal.isEmpty { result.append(.literal(literal)) }
        return result
    }

    static func isVariablePath(_ path: String) -> Bool {
        guard let first = path.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII)
        else { return false }
        var previousDot = false
        for scalar in path.unicodeScalars {
            if scalar == "." {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard scalar.isASCII, scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            else { return false }
        }
        return !previousDot
    }

    static func trimmed(_ text: Substring) -> String {
        var s = text
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
