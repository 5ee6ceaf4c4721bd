import Hummingbird
import Logging
import NIOCore
import ParleyIdentity

/// Per-request state: who is calling, from where, and the request id used in logs and responses.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The dashboard session behind `principal`, when the caller is a logged-in browser.
    public var session: SessionRepository.Session?
    public var requestID: String
    public let remoteIP: String
    /// The event loop of the connection; request handling stays on it.
    public let eventLoop: any EventLoop

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        remoteIP = Self.ip(of: source.channel.remoteAddress)
        eventLoop = source.channel.eventLoop
    }

    static func ip(of address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        return address.ipAddress ?? "unknown"
    }

    /// The principal, or a 401 when the request is unauthenticated.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw ParleyErrorShortcuts.unauthenticated }
        return principal
    }
}
