/// A `multipart/form-data` body (RFC 7578): named text fields and files.
struct MultipartFormData: Sendable {
    let boundary: String
    private(set) var bytes: [UInt8] = []

    /// `boundary` must not occur in any part; a random one is the usual choice.
    init(boundary: String) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func addField(_ name: String, _ value: String) {
        appendHeader(#"Content-Disposition: form-data; name="\#(Self.quoted(name))""#)
        bytes += Array(value.utf8)
        bytes += Array("\r\n".utf8)
    }

    mutating func addFile(_ name: String, filename: String, contentType: String, data: [UInt8]) {
        appendHeader(
            #"Content-Disposition: form-data; name="\#(Self.quoted(name))"; filename="\#(Self.quoted(filename))""#
                + "\r\nContent-Type: \(contentType)")
        bytes += data
        bytes += Array("\r\n".utf8)
    }

    /// The body with its closing delimiter.
    func finished() -> [UInt8] {
        bytes + Array("--\(boundary)--\r\n".utf8)
    }

    private mutating func appendHeader(_ header: String) {
        bytes += Array("--\(boundary)\r\n\(header)\r\n\r\n".utf8)
    }

    /// Names are ours, but quotes and line breaks would break the header.
    private static func quoted(_ value: String) -> String {
        String(value.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" })
    }
}
