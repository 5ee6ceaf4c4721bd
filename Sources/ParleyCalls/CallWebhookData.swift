import Foundation
import ParleyCore

/// The `data` object of `call.*` webhook events (the same fields as the API's call object).
public struct CallWebhookData: Encodable, Sendable {
    var object = "call"
    var id: String
    var agentID: String?
    var agentVersion: Int?
    var direction: String
    var transport: String
    var externalID: String?
    var from: String?
    var to: String?
    var status: String
    var endReason: String?
    var startedAt: String
    var endedAt: String?
    var durationMs: Int64?

    enum CodingKeys: String, CodingKey {
        case object, id, direction, transport, from, to, status
        case agentID = "agent_id", agentVersion = "agent_version", externalID = "external_id", endReason = "end_reason"
        case startedAt = "started_at", endedAt = "ended_at", durationMs = "duration_ms"
    }

    public init(_ call: CallRecord) {
        id = call.id
        agentID = call.agentID
        agentVersion = call.agentVersion
        direction = call.direction.rawValue
        transport = call.transport
        externalID = call.externalID
        from = call.from
        to = call.to
        status = call.status.rawValue
        endReason = call.endReason
        startedAt = RFC3339.format(micros: call.startedAt)
        endedAt = call.endedAt.map { RFC3339.format(micros: $0) }
        durationMs = call.durationMilliseconds
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
