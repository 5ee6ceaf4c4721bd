import ParleyCore
import NIOWebSocket

/// What one media socket holds: an admission slot once its call is admitted, then the live
/// call; `finish` gives both back exactly once, whichever way the socket ends.
final class MediaCallSlot {
    private let settings: MediaSettings
    private var org: String?
    /// The running call, once the transport started it.
    var live: LiveCall?

    init(settings: MediaSettings) {
        self.settings = settings
    }

    /// Takes a call slot for `org` (throws `unavailable` at the node's or the org's limit).
    func admit(org: String) throws {
        try settings.admitCall(org: org)
        self.org = org
    }

    /// The end reason of a call its transport refused with `error` (either transport's sockets).
    static func endReason(refusedWith error: ParleyError) -> String {
        switch error.code {
        case .unauthorized: "unauthorized"
        case .unavailable: "busy"
        default: "failed"
        }
    }

    /// The WebSocket close code for a call that ended with `reason`.
    static func closeCode(endReason reason: String?) -> WebSocketErrorCode {
        reason == "protocol_error" ? .protocolError : .normalClosure
    }

    /// Ends the call (see `LiveCall.finish`) and releases the slot.
    func finish(fallbackReason: String, transfer: ((LiveCall, String) async -> Void)? = nil) async {
        if let org {
            self.org = nil
            settings.releaseCall(org: org)
        }
        guard let live else { return }
        self.live = nil
        if let transfer {
            await live.finish(fallbackReason: fallbackReason) { target in await transfer(live, target) }
        } else {
            await live.finish(fallbackReason: fallbackReason)
        }
    }
}
