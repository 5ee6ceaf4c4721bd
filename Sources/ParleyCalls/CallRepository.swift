import Crypto
import Foundation
import ParleyCore
import ParleyKeyring
import ParleyStorage
import ParleyVoice
import SQLKit

/// Call records with their transcript, events and latency, per org. Party numbers and
/// transcript text are encrypted under the person's subject key (erasing the person makes
/// them unreadable) and numbers are found by blind index.
public struct CallRepository: Sendable {
    let database: Database
    let keyring: Keyring
    let clock: any WallClock

    public init(database: Database, keyring: Keyring, clock: any WallClock) {
        self.database = database
        self.keyring = keyring
        self.clock = clock
    }

    static let columns = """
        id, org_id, agent_id, agent_version, direction, transport, external_id, subject_id, from_enc, to_enc, status, end_reason,
        transfer_target_enc, started_at, answered_at, ended_at, duration_ms, recording_state, recording_rate, recording_bytes,
        cost_micros, cost_currency
        """

    /// A call that just connected. When `start.recordingSampleRate` is set, also returns the
    /// recording's key (its wrapped form is stored with the call).
    public func start(org: String, _ start: CallStart) async throws -> (CallRecord, recordingKey: SymmetricKey?) {
        let now = clock.nowMicros()
        let id = ResourceID.make("cal", timeMicros: now)
        let index = try await keyring.blindIndex(org)
        let fromIndex = start.from.flatMap { try? index.phone($0) }
        let toIndex = start.to.flatMap { try? index.phone($0) }
        let subject = try await keyring.subject(org: org, kind: .caller, lookupIndex: start.direction == .outbound ? toIndex : fromIndex)
        let key = try await keyring.subjectKey(org: org, subject: subject)
        func seal(_ value: String?, _ column: String) throws -> String? {
            try value.map { try FieldCipher.seal($0, key: key, context: "calls.\(column).\(id)") }
        }
        let recordingKey: (key: SymmetricKey, wrapped: String)? = start.recordingSampleRate == nil
            ? nil : try await keyring.newRecordKey(org: org, subject: subject, record: id)
        let wrappedRecordingKey = recordingKey?.wrapped
        var record = CallRecord(id: id, orgID: org, direction: start.direction, transport: start.transport, startedAt: now)
        record.agentID = start.agentID
        record.agentVersion = start.agentVersion
        record.externalID = start.externalID
        record.subjectID = subject
        record.from = start.from
        record.to = start.to
        record.status = start.status
        record.answeredAt = start.status == .queued ? nil : now
        record.recordingState = recordingKey == nil ? .none : .spooling
        record.recordingSampleRate = start.recordingSampleRate
        let (fromEnc, toEnc) = (try seal(start.from, "from"), try seal(start.to, "to"))
        try await database.transaction(org: org) { [record] db in
            try await db.raw("""
                INSERT INTO calls (id, org_id, agent_id, agent_version, direction, transport, external_id, subject_id,
                    from_index, from_enc, to_index, to_enc, status, started_at, answered_at, recording_state, recording_key, recording_rate)
                VALUES (\(bind: id), \(bind: org), \(bind: record.agentID), \(bind: record.agentVersion), \(bind: record.direction.rawValue),
                    \(bind: record.transport), \(bind: record.externalID), \(bind: subject), \(bind: fromIndex), \(bind: fromEnc),
                    \(bind: toIndex), \(bind: toEnc), \(bind: record.status.rawValue), \(bind: now), \(bind: record.answeredAt),
                    \(bind: record.recordingState.rawValue), \(bind: wrappedRecordingKey), \(bind: record.recordingSampleRate))
                """).run()
        }
        return (record, recordingKey?.key)
    }

    /// Writes what the call produced and marks it ended, in one transaction.
    public func finish(_ id: String, org: String, _ outcome: CallOutcome) async throws {
        guard let record = try await find(id, org: org), let subject = record.subjectID else { throw ParleyError.notFound("call") }
        let key = try await keyring.subjectKey(org: org, subject: subject)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let transcript = try outcome.transcript.enumerated().map { seq, entry in
            (seq, entry, try FieldCipher.seal(entry.text, key: key, context: "call_transcripts.\(id).\(seq)"))
        }
        let events = try outcome.events.map { String(decoding: try encoder.encode($0.detail), as: UTF8.self) }
        let turns = try outcome.turns.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let transfer = try outcome.transferTarget.map { try FieldCipher.seal($0, key: key, context: "calls.transfer_target.\(id)") }
        let status: CallRecord.Status = outcome.endReason == "failed" ? .failed : .completed
        let recordingState = record.recordingState == .spooling
            ? (outcome.recordingBytes == nil ? CallRecord.RecordingState.none : .available) : record.recordingState
        try await database.transaction(org: org) { db in
            try await db.raw("""
                UPDATE calls SET status = \(bind: status.rawValue), end_reason = \(bind: outcome.endReason),
                    transfer_target_enc = \(bind: transfer), ended_at = \(bind: outcome.endedAt), duration_ms = \(bind: outcome.durationMilliseconds),
                    recording_state = \(bind: recordingState.rawValue), recording_bytes = \(bind: outcome.recordingBytes)
                WHERE id = \(bind: id) AND org_id = \(bind: org)
                    AND status IN (\(bind: CallRecord.Status.inProgress.rawValue), \(bind: CallRecord.Status.queued.rawValue))
                """).run()
            for (seq, entry, sealed) in transcript {
                try await db.raw("""
                    INSERT INTO call_transcripts (call_id, org_id, seq, speaker, text_enc, start_ms, end_ms, interrupted)
                    VALUES (\(bind: id), \(bind: org), \(bind: seq), \(bind: entry.speaker.rawValue), \(bind: sealed),
                        \(bind: entry.start.milliseconds), \(bind: entry.end.milliseconds), \(bind: entry.interrupted ? 1 : 0))
                    """).run()
            }
            for (seq, event) in outcome.events.enumerated() {
                try await db.raw("""
                    INSERT INTO call_events (call_id, org_id, seq, at_ms, kind, detail)
                    VALUES (\(bind: id), \(bind: org), \(bind: seq), \(bind: event.atMilliseconds), \(bind: event.kind), \(bind: events[seq]))
                    """).run()
            }
            for index in outcome.turns.indices {
                try await db.raw("""
                    INSERT INTO call_turns (call_id, org_id, turn, telemetry)
                    VALUES (\(bind: id), \(bind: org), \(bind: index), \(bind: turns[index]))
                    """).run()
            }
        }
    }

    /// The org of a call, for carrier callbacks that identify the call only by id.
    public func organization(ofCall id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT org_id FROM calls WHERE id = \(bind: id)").first()?.decode(column: "org_id", as: String.self)
        }
    }

    /// Stores the carrier's id of a call being placed.
    public func setExternalID(_ id: String, org: String, externalID: String) async throws {
        try await database.transaction(org: org) { db in
            try await db.raw("UPDATE calls SET external_id = \(bind: externalID) WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
        }
    }

    /// A placed call was answered and its media started; false when it is not waiting for that.
    public func markAnswered(_ id: String, org: String) async throws -> Bool {
        let now = clock.nowMicros()
        return try await database.transaction(org: org) { db in
            guard let row = try await db.raw("SELECT status FROM calls WHERE id = \(bind: id) AND org_id = \(bind: org)").first(),
                  try row.decode(column: "status", as: String.self) == CallRecord.Status.queued.rawValue else { return false }
            try await db.raw("""
                UPDATE calls SET status = \(bind: CallRecord.Status.inProgress.rawValue), answered_at = \(bind: now)
                WHERE id = \(bind: id) AND org_id = \(bind: org)
                """).run()
            return true
        }
    }

    /// Sets the end reason of an ended call when the carrier reports it later (voicemail).
    public func setEndReason(_ id: String, org: String, reason: String) async throws {
        try await database.transaction(org: org) { db in
            try await db.raw("UPDATE calls SET end_reason = \(bind: reason) WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
        }
    }

    public func find(_ id: String, org: String) async throws -> CallRecord? {
        guard let row = try await database.read({ db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM calls WHERE id = \(bind: id) AND org_id = \(bind: org)").first()
        }) else { return nil }
        return try await decode(row)
    }

    public func list(org: String, page: PageRequest, filter: CallFilter = CallFilter()) async throws -> Page<CallRecord> {
        let index = try await keyring.blindIndex(org)
        let number = try filter.number.map { try index.phone($0) }
        let rows = try await database.read(org: org) { db in
            var query = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM calls WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")")
            if let agent = filter.agentID { query.appendInterpolation(unsafeRaw: " AND agent_id = "); query.appendInterpolation(bind: agent) }
            if let status = filter.status { query.appendInterpolation(unsafeRaw: " AND status = "); query.appendInterpolation(bind: status.rawValue) }
            if let direction = filter.direction {
                query.appendInterpolation(unsafeRaw: " AND direction = "); query.appendInterpolation(bind: direction.rawValue)
            }
            if let number {
                query.appendInterpolation(unsafeRaw: " AND (from_index = "); query.appendInterpolation(bind: number)
                query.appendInterpolation(unsafeRaw: " OR to_index = "); query.appendInterpolation(bind: number)
                query.appendInterpolation(unsafeRaw: ")")
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY id LIMIT ")
            query.appendInterpolation(bind: page.limit + 1)
            return try await db.raw(query).all()
        }
        var records: [CallRecord] = []
        for row in rows { records.append(try await decode(row)) }
        return Page(fetched: records, limit: page.limit, id: \.id)
    }

    /// The transcript, decrypted; empty after the person's data was erased.
    public func transcript(_ id: String, org: String) async throws -> [TranscriptEntry] {
        guard let record = try await find(id, org: org), let subject = record.subjectID,
              let key = try? await keyring.subjectKey(org: org, subject: subject) else { return [] }
        let rows = try await database.read(org: org) { db in
            try await db.raw("""
                SELECT seq, speaker, text_enc, start_ms, end_ms, interrupted FROM call_transcripts
                WHERE call_id = \(bind: id) AND org_id = \(bind: org) ORDER BY seq
                """).all()
        }
        return try rows.map { row in
            let seq = try row.decode(column: "seq", as: Int.self)
            let speaker = Speaker(rawValue: try row.decode(column: "speaker", as: String.self)) ?? .caller
            return TranscriptEntry(
                speaker: speaker,
                text: try FieldCipher.open(try row.decode(column: "text_enc", as: String.self), key: key, context: "call_transcripts.\(id).\(seq)"),
                start: MediaTime(milliseconds: Int64(try row.decode(column: "start_ms", as: Int.self))),
                end: MediaTime(milliseconds: Int64(try row.decode(column: "end_ms", as: Int.self))),
                interrupted: try row.decode(column: "interrupted", as: Int.self) != 0)
        }
    }

    public func events(_ id: String, org: String) async throws -> [CallEventRecord] {
        let rows = try await database.read(org: org) { db in
            try await db.raw("SELECT at_ms, kind, detail FROM call_events WHERE call_id = \(bind: id) AND org_id = \(bind: org) ORDER BY seq").all()
        }
        return try rows.map { row in
            CallEventRecord(
                atMilliseconds: Int64(try row.decode(column: "at_ms", as: Int.self)), kind: try row.decode(column: "kind", as: String.self),
                detail: try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "detail", as: String.self).utf8)))
        }
    }

    public func turns(_ id: String, org: String) async throws -> [TurnTelemetry] {
        let rows = try await database.read(org: org) { db in
            try await db.raw("SELECT telemetry FROM call_turns WHERE call_id = \(bind: id) AND org_id = \(bind: org) ORDER BY turn").all()
        }
        return try rows.map { try JSONDecoder().decode(TurnTelemetry.self, from: Data(try $0.decode(column: "telemetry", as: String.self).utf8)) }
    }

    /// The key of a call's recording (fails after the person's data was erased).
    public func recordingKey(_ id: String, org: String) async throws -> SymmetricKey? {
        let row = try await database.read(org: org) { db in
            try await db.raw("SELECT subject_id, recording_key FROM calls WHERE id = \(bind: id) AND org_id = \(bind: org)").first()
        }
        guard let row, let subject = try row.decode(column: "subject_id", as: String?.self),
              let wrapped = try row.decode(column: "recording_key", as: String?.self) else { return nil }
        return try await keyring.recordKey(org: org, subject: subject, record: id, wrapped: wrapped)
    }

    /// Marks a recording deleted and removes its transcript; returns false if there was none.
    public func deleteRecording(_ id: String, org: String) async throws -> Bool {
        try await database.transaction(org: org) { db in
            guard let row = try await db.raw("SELECT recording_state FROM calls WHERE id = \(bind: id) AND org_id = \(bind: org)").first() else {
                return false
            }
            let state = try row.decode(column: "recording_state", as: String.self)
            try await db.raw("""
                UPDATE calls SET recording_state = \(bind: CallRecord.RecordingState.deleted.rawValue), recording_key = NULL, recording_bytes = NULL
                WHERE id = \(bind: id) AND org_id = \(bind: org)
                """).run()
            try await db.raw("DELETE FROM call_transcripts WHERE call_id = \(bind: id) AND org_id = \(bind: org)").run()
            return state != CallRecord.RecordingState.deleted.rawValue
        }
    }

    /// Calls still marked in progress (after a crash every one of them is over), any org.
    public func unfinished() async throws -> [(id: String, org: String, state: CallRecord.RecordingState)] {
        let rows = try await database.read { db in
            try await db.raw("SELECT id, org_id, recording_state FROM calls WHERE status = \(bind: CallRecord.Status.inProgress.rawValue) ORDER BY id").all()
        }
        return try rows.map { row in
            (try row.decode(column: "id", as: String.self), try row.decode(column: "org_id", as: String.self),
             CallRecord.RecordingState(rawValue: try row.decode(column: "recording_state", as: String.self)) ?? .none)
        }
    }

    func decode(_ row: any SQLRow) async throws -> CallRecord {
        let id = try row.decode(column: "id", as: String.self)
        let org = try row.decode(column: "org_id", as: String.self)
        var record = CallRecord(
            id: id, orgID: org,
            direction: CallRecord.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound,
            transport: try row.decode(column: "transport", as: String.self),
            startedAt: Int64(try row.decode(column: "started_at", as: Int.self)))
        record.agentID = try row.decode(column: "agent_id", as: String?.self)
        record.agentVersion = try row.decode(column: "agent_version", as: Int?.self)
        record.externalID = try row.decode(column: "external_id", as: String?.self)
        record.subjectID = try row.decode(column: "subject_id", as: String?.self)
        record.status = CallRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        record.endReason = try row.decode(column: "end_reason", as: String?.self)
        record.answeredAt = try row.decode(column: "answered_at", as: Int?.self).map(Int64.init)
        record.endedAt = try row.decode(column: "ended_at", as: Int?.self).map(Int64.init)
        record.durationMilliseconds = try row.decode(column: "duration_ms", as: Int?.self).map(Int64.init)
        record.recordingState = CallRecord.RecordingState(rawValue: try row.decode(column: "recording_state", as: String.self)) ?? .none
        record.recordingSampleRate = try row.decode(column: "recording_rate", as: Int?.self)
        record.recordingBytes = try row.decode(column: "recording_bytes", as: Int?.self).map(Int64.init)
        record.costMicros = try row.decode(column: "cost_micros", as: Int?.self).map(Int64.init)
        record.costCurrency = try row.decode(column: "cost_currency", as: String?.self)
        if let subject = record.subjectID, let key = try? await keyring.subjectKey(org: org, subject: subject) {
            record.from = try row.decode(column: "from_enc", as: String?.self).flatMap { try? FieldCipher.open($0, key: key, context: "calls.from.\(id)") }
            record.to = try row.decode(column: "to_enc", as: String?.self).flatMap { try? FieldCipher.open($0, key: key, context: "calls.to.\(id)") }
            record.transferTarget = try row.decode(column: "transfer_target_enc", as: String?.self)
                .flatMap { try? FieldCipher.open($0, key: key, context: "calls.transfer_target.\(id)") }
        }
        return record
    }
}
