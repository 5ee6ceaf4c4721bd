import ParleyCore

/// Turns a host name into the addresses a connection to it may use.
public protocol HostResolver: Sendable {
    /// Every address `host` resolves to (a numeric host resolves to itself).
    func addresses(of host: String) async throws(OutboundTargetError) -> [IPAddress]
}
