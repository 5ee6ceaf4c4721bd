import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParleyCore
import ParleyStorage

/// Small helpers shared by route handlers: decoding, pagination, path ids, JSON responses.
enum HandlerSupport {
    static let jsonContentType = "application/json; charset=utf-8"

    /// Decodes a JSON body already collected by `RouteRunner` (which enforced the size limit).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: .max)
        guard buffer.readableBytes > 0 else {
            throw ParleyError(.badRequest, "request body is required (JSON object)")
        }
        if let ct = request.headers[.contentType], !isJSON(ct) {
            throw ParleyError(.unsupportedMediaType, "Content-Type must be application/json (got '\(ct.prefix(100))')", field: "Content-Type")
        }
        let bytes = Array(buffer.readableBytesView)
        if let failure = JSONSyntaxChecker.firstError(in: bytes) {
            throw ParleyError(.malformedJSON, "request body is not valid JSON: \(failure)")
        }
        return try JSONDecoder().decode(T.self, from: Data(bytes))
    }

    static func isJSON(_ contentType: String) -> Bool {
        let base = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return base == "application/json" || (base.hasPrefix("application/") && base.hasSuffix("+json"))
    }

    static func page(_ request: Request) throws -> PageRequest {
        var page = PageRequest()
        let query = request.uri.queryParameters
        if let raw = query.get("limit") {
            guard let limit = Int(raw), (1...PageRequest.maxLimit).contains(limit) else {
                throw ParleyError.validation("limit must be an integer from 1 to \(PageRequest.maxLimit)", field: "limit")
            }
            page.limit = limit
        }
        if let after = query.get("starting_after") {
            guard !after.isEmpty, after.unicodeScalars.count <= 64 else {
                throw ParleyError.validation("starting_after must be 1–64 characters: the next_cursor of a previous page", field: "starting_after")
            }
            page.after = after
        }
        return page
    }

    static func pathID(_ context: APIContext, _ name: String = "id") throws -> String {
        guard let id = context.parameters.get(name), !id.isEmpty, id.utf8.count <= 64 else {
            throw ParleyError.notFound("resource")
        }
        return id
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return APIResponse(status: status, contentType: jsonContentType, body: ByteBuffer(bytes: data))
    }
}
