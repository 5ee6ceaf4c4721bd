/// Why an encrypted stream could not be read.
public struct StreamCipherError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not a Parley encrypted stream (bad magic or version).
        case badHeader = "bad_header"
        /// The stream ends before its final segment: cut off, or still being written.
        case truncated
        /// A segment failed authentication: bit flip, reordering, a wrong key, or a wrong segment length.
        case corrupted
        /// Bytes follow the final segment.
        case trailingData = "trailing_data"
    }

    public var code: Code
    /// Index of the offending segment, when there is one.
    public var segment: Int?

    public init(_ code: Code, segment: Int? = nil) {
        self.code = code
        self.segment = segment
    }

    public var description: String {
        switch code {
        case .badHeader: return "not a Parley encrypted stream"
        case .truncated: return "the encrypted stream is truncated after segment \(segment ?? 0)"
        case .corrupted: return "segment \(segment ?? 0) of the encrypted stream failed authentication (tampered, reordered or wrong key)"
        case .trailingData: return "data follows the final segment of the encrypted stream"
        }
    }
}
