import Foundation
import Hummingbird
import ParleyCore

/// A parsed `application/x-www-form-urlencoded` body.
struct FormData: Sendable {
    private var values: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(String(parts[0]))
            let value = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    static func decode(_ s: String) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    subscript(_ key: String) -> String? { values[key] }

    func required(_ key: String, label: String) throws -> String {
        guard let v = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            throw ParleyError.validation("\(label) is required", field: key)
        }
        return v
    }

    /// Reads and parses a form body, refusing other content types and oversized bodies.
    static func read(_ request: Request, limit: Int) async throws -> FormData {
        let ct = request.headers[.contentType]?.lowercased() ?? ""
        guard ct.hasPrefix("application/x-www-form-urlencoded") else {
            throw ParleyError(.unsupportedMediaType, "forms must be sent as application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return FormData(String(buffer: buffer))
    }
}
