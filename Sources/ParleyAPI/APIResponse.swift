import HTTPTypes
import Hummingbird
import NIOCore

/// A fully buffered API response (so it can be stored for idempotent replay).
public struct APIResponse: Sendable {
    public var status: HTTPResponse.Status
    public var contentType: String
    public var body: ByteBuffer

    public init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public static let noContent = APIResponse(status: .noContent, contentType: "", body: ByteBuffer())

    var response: Response {
        if status == .noContent { return Response(status: .noContent) }
        return Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: body))
    }
}
