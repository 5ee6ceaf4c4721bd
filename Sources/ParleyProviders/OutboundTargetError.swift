import ParleyCore

/// Why Parley refused to send a request to an organization's URL.
public struct OutboundTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The host is, or resolves to, an address the policy refuses (loopback, private, metadata…).
        case forbiddenTarget = "forbidden_target"
        /// The name did not resolve (may work later).
        case unresolvable
        /// The URL has no host.
        case invalidURL = "invalid_url"
    }

    public var code: Code
    /// The URL's host, as written.
    public var host: String
    /// The refused address, for `forbiddenTarget` after resolution.
    public var address: IPAddress?
    public var message: String

    public init(_ code: Code, host: String, address: IPAddress? = nil, _ message: String) {
        self.code = code
        self.host = host
        self.address = address
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
