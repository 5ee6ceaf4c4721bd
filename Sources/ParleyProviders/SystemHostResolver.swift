#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix
import ParleyCore

/// `getaddrinfo`, the resolver AsyncHTTPClient connects with, run on a thread pool because it
/// blocks (DNS can take seconds) and must never stall an event loop or the cooperative pool.
public struct SystemHostResolver: HostResolver {
    let threadPool: NIOThreadPool

    public init(threadPool: NIOThreadPool = .singleton) {
        self.threadPool = threadPool
    }

    public func addresses(of host: String) async throws(OutboundTargetError) -> [IPAddress] {
        let outcome: Result<[IPAddress], OutboundTargetError>
        do {
            outcome = try await threadPool.runIfActive { Self.resolve(host) }
        } catch {
            throw OutboundTargetError(.unresolvable, host: host, "\(host) could not be resolved: \(error)")
        }
        return try outcome.get()
    }

    static func resolve(_ host: String) -> Result<[IPAddress], OutboundTargetError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            let reason = gai_strerror(status).map { String(cString: $0) } ?? "error \(status)"
            return .failure(OutboundTargetError(.unresolvable, host: host, "\(host) could not be resolved: \(reason)"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var next = list
        while let entry = next {
            if let socketAddress = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    let value = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.v4(UInt32(bigEndian: value)))
                case AF_INET6:
                    var bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    if let address = withUnsafeBytes(of: &bytes, { IPAddress.v6(bytes: $0) }) { addresses.append(address) }
                default:
                    break
                }
            }
            next = entry.pointee.ai_next
        }
        if addresses.isEmpty {
            return .failure(OutboundTargetError(.unresolvable, host: host, "\(host) has no IPv4 or IPv6 address"))
        }
        return .success(Array(Set(addresses)).sorted { $0.description < $1.description })
    }
}
