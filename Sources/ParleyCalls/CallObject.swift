import Foundation
import ParleyCore

/// A call as the API and webhooks show it (`"object": "call"`), snake_case JSON.
public struct CallObject: Codable, Sendable {
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
    var transferTarget: String?
    var startedAt: String
    var answeredAt: String?
    var endedAt: String?
    var durationMs: Int64?
    var recording: String
    var recordingSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case object, id, direction, transport, from, to, status, recording
        case agentID = "agent_id", agentVersion = "agent_version", externalID = "external_id", endReason = "end_reason"
        case transferTarget = "transfer_target", startedAt = "started_at", answeredAt = "answered_at", endedAt = "ended_at"
        case durationMs = "duration_ms", recordingSeconds = "recording_seconds"
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
        transferTarget = call.transferTarget
        startedAt = RFC3339.format(micros: call.startedAt)
        answeredAt = call.answeredAt.map { RFC3339.format(micros: $0) }
        endedAt = call.endedAt.map { RFC3339.format(micros: $0) }
        durationMs = call.durationMilliseconds
        recording = call.recordingState.rawValue
        if let bytes = call.recordingBytes, let rate = call.recordingSampleRate, rate > 0 {
            recordingSeconds = Double(bytes) / 4 / Double(rate)
        }
    }

    /// Compact JSON with sorted keys (webhook payloads).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
