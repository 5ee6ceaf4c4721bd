import HTTPTypes
import Hummingbird
import ParleyIdentity

/// One documented API operation. The router, the OpenAPI document, the permission check and
/// the generated RBAC / tenant-isolation tests all read this same table.
public struct APIRoute: Sendable {
    public typealias Handler = @Sendable (Request, APIContext) async throws -> APIResponse

    public var method: HTTPRequest.Method
    /// OpenAPI-style path, e.g. `/v1/orgs/{id}`.
    public var path: String
    public var operationID: String
    public var summary: String
    public var tag: String
    /// nil for public routes (no authentication).
    public var permission: Permission?
    public var requestSchema: String?
    /// Component schema of a 2xx body (nil: no body, e.g. 204).
    public var responseSchema: String?
    public var successStatus: Int
    /// Media type of the success body.
    public var responseContentType: String
    /// Query parameters accepted (name, schema type, description).
    public var queryParameters: [(name: String, type: String, description: String)]
    public var handler: Handler

    public init(_ method: HTTPRequest.Method, _ path: String, operationID: String, summary: String, tag: String,
                permission: Permission?, request: String? = nil, response: String?, status: Int = 200, contentType: String = "application/json",
                query: [(name: String, type: String, description: String)] = [], handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.permission = permission
        self.requestSchema = request
        self.responseSchema = response
        self.successStatus = status
        self.responseContentType = contentType
        self.queryParameters = query
        self.handler = handler
    }

    /// The path in Hummingbird's syntax (`/v1/orgs/:id`).
    public var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { seg in
            seg.hasPrefix("{") && seg.hasSuffix("}") ? ":" + seg.dropFirst().dropLast() : String(seg)
        }.joined(separator: "/")
    }

    /// Path parameter names, in order.
    public var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// True for routes that accept list pagination (`limit`, `starting_after`).
    public var isList: Bool { queryParameters.contains { $0.name == "limit" } }
    // Query parameter types are JSON Schema types, plus "sequence": a decimal cursor string.

    public static let pagination: [(name: String, type: String, description: String)] = [
        ("limit", "integer", "Maximum items to return (1–200, default 50)."),
        ("starting_after", "string", "Cursor: the `next_cursor` of the previous page."),
    ]
}
