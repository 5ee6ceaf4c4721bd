import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// JSON request helpers over HummingbirdTesting's client.
public struct APIResult: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var body: String

    /// The body parsed as a JSON object (empty when not an object).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    public var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
    public var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    public func call(_ method: HTTPRequest.Method, _ uri: String, key: String? = nil, json: String? = nil,
                     headers extra: [String: String] = [:]) async throws -> APIResult {
        var headers = HTTPFields()
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = "application/json" }
        for (k, v) in extra { headers[HTTPField.Name(k)!] = v }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            APIResult(status: Int(response.status.code), headers: response.headers, body: String(buffer: response.body))
        }
    }
}
