/// One call as stored: who, which agent version, how it went. Party numbers are
/// decrypted on read (nil after the caller's subject key was erased).
public struct CallRecord: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable, CaseIterable { case inbound, outbound, browser }
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Placed (outbound) and not answered yet.
        case queued
        case inProgress = "in_progress", completed, failed
    }
    public enum RecordingState: String, Sendable, Codable { case none, spooling, available, deleted }

    public var id: String
    public var orgID: String
    public var agentID: String?
    public var agentVersion: Int?
    public var direction: Direction
    /// `twilio`, `browser`, `sip`.
    public var transport: String
    /// The carrier's id for the call (Twilio CallSid).
    public var externalID: String?
    public var subjectID: String?
    public var from: String?
    public var to: String?
    public var status: Status
    public var endReason: String?
    public var transferTarget: String?
    public var startedAt: Int64
    public var answeredAt: Int64?
    public var endedAt: Int64?
    public var durationMilliseconds: Int64?
    public var recordingState: RecordingState
    public var recordingSampleRate: Int?
    public var recordingBytes: Int64?
    public var costMicros: Int64?
    public var costCurrency: String?

    public init(id: String, orgID: String, direction: Direction, transport: String, startedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.direction = direction
        self.transport = transport
        self.status = .inProgress
        self.recordingState = .none
        self.startedAt = startedAt
    }
}
