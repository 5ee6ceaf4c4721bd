import Foundation
import ParleyCore

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
            // Linux's JSONDecoder does not say where a syntax error is; the checker does.
            if context.codingPath.isEmpty, let json, let failure = JSONSyntaxChecker.firstError(in: Array(json)) {
                text += " (\(failure))"
            } else if let underlying = context.underlyingError {
                text += " (\(DecodingProblem.underlyingDescription(underlying)))"
            }
            message = text
        @unknown default:
            path = ""
            message = String(describing: decoding)
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
