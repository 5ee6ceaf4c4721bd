/// Places and controls phone calls through a carrier (Twilio today). The API layer uses it
/// without knowing the carrier; the server provides it.
public protocol CallDialer: Sendable {
    /// Places an outbound call that `agent` will handle; returns the record (status `queued`).
    func place(org: String, agent: StoredAgent, to: String, from: String?) async throws -> CallRecord
    /// Ends a live call.
    func hangUp(org: String, call: CallRecord) async throws
    /// Blind-transfers a live call to a phone number (E.164) or SIP URI.
    func transfer(org: String, call: CallRecord, to target: String) async throws
}
