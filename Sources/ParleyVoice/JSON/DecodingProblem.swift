import Foundation

/// A decoding error described for people: the JSON path it concerns and what went wrong,
/// including the line and column Foundation reports for syntax errors.
struct DecodingProblem: Sendable, Equatable {
    var path: String
    var message: String

    init(_ error: any Error, json: Data? = nil) {
        guard let decoding = error as? DecodingError else {
            path = ""
            message = String(describing: error)
            return
        }
        switch decoding {
        case .typeMismatch(let type, let context):
            path = DecodingProblem.path(context.codingPath)
            message = "expected \(DecodingProblem.describe(type)) at \(path.isEmpty ? "the top level" : path)"
        case .valueNotFound(let type, let context):
            path = DecodingProblem.path(context.codingPath)
            message = "missing \(DecodingProblem.describe(type)) at \(path.isEmpty ? "the top level" : path)"
        case .keyNotFound(let key, let context):
            path = DecodingProblem.path(context.codingPath + [key])
            message = "required field \(path) is missing"
        case .dataCorrupted(let context):
            path = DecodingProblem.path(context.codingPath)
            var text = context.debugDescription
            if let underlying = context.underlyingError {
                text += " (\(DecodingProblem.underlyingDescription(underlying)))"
            } else if context.codingPath.isEmpty, let json, let location = DecodingProblem.syntaxErrorLocation(in: json) {
                text += " (\(location))"
            }
            message = text
        @unknown default:
            path = ""
            message = String(describing: decoding)
        }
    }

    /// Linux's JSONDecoder does not say where the syntax error is; JSONSerialization reports
    /// a character offset, turned here into a line and column.
    static func syntaxErrorLocation(in json: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = String(describing: error)
            if text.contains("line ") { return text }
            guard let range = text.range(of: #"character \d+"#, options: .regularExpression),
                  let offset = Int(text[range].dropFirst("character ".count)) else { return nil }
            var line = 1
            var column = 1
            for (index, byte) in json.enumerated() {
                if index >= offset { break }
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            var reason = "invalid JSON"
            if let start = text.range(of: "NSDebugDescription=") {
                reason = String(text[start.upperBound...].prefix { $0 != "}" })
                    .replacingOccurrences(of: #" around character \d+\.?"#, with: "", options: .regularExpression)
            }
            return "\(reason) at line \(line), column \(column)"
        }
    }

    static func underlyingDescription(_ error: any Error) -> String {
        String(describing: error)
    }

    /// `nodes[3].routes[0].next` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Int.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
