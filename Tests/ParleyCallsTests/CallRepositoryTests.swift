import Foundation
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyKeyring
import ParleyServer
import ParleyStorage
import ParleyTesting
import ParleyVoice
import Testing

@Suite struct CallRepositoryTests {
    struct Fixture: Sendable {
        let db: Database
        let keyring: Keyring
        let calls: CallRepository
        let orgA: String
        let orgB: String
    }

    static func with(_ flavor: DatabaseFlavor, _ body: @Sendable (Fixture) async throws -> Void) async throws {
        try await TestDatabase.with(flavor) { db in
            let clock = ManualClock()
            _ = try await MigrationRunner(migrations: ParleyServer.migrations, clock: clock, logger: TestDatabase.logger).migrate(db)
            let keyring = try await Keyring.open(database: db, provider: EnvironmentKeyProvider(value: MasterKeyFormat.generate().1), clock: clock)
            let a = try await TestOrgs.create(db, name: "A")
            let b = try await TestOrgs.create(db, name: "B")
            try await body(Fixture(db: db, keyring: keyring, calls: CallRepository(database: db, keyring: keyring, clock: clock), orgA: a, orgB: b))
        }
    }

    static let outcome = CallOutcome(
        endReason: "caller_hung_up", endedAt: 9_000_000, durationMilliseconds: 8_000,
        transcript: [
            TranscriptEntry(speaker: .agent, text: "Hi, this is Ava from Parley Dental.", start: MediaTime(milliseconds: 0), end: MediaTime(milliseconds: 1_800)),
            TranscriptEntry(speaker: .caller, text: "I'd like to book a cleaning for Tuesday", start: MediaTime(milliseconds: 2_500), end: MediaTime(milliseconds: 4_100)),
            TranscriptEntry(speaker: .agent, text: "Sure, what", start: MediaTime(milliseconds: 4_700), end: MediaTime(milliseconds: 5_200), interrupted: true),
        ],
        events: [CallEventRecord(.bargeInCommitted(at: MediaTime(milliseconds: 5_150))), CallEventRecord(.dtmf(digit: "5", at: MediaTime(milliseconds: 6_000)))],
        turns: [{ var t = TurnTelemetry(turn: 1); t.userSpeechEnd = MediaTime(milliseconds: 4_100); t.firstFrameOut = MediaTime(milliseconds: 4_700); return t }()])

    @Test(arguments: TestDatabase.flavors)
    func recordsRoundTripEncryptedAndIsolated(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            let (call, key) = try await f.calls.start(org: f.orgA, CallStart(
                direction: .inbound, transport: "twilio", externalID: "CA123", from: "+1 (415) 555-0101", to: "+14155550199",
                agentID: "agt_x", agentVersion: 3))
            #expect(key == nil && call.recordingState == .none)
            try await f.calls.finish(call.id, org: f.orgA, Self.outcome)
            let stored = try #require(try await f.calls.find(call.id, org: f.orgA))
            #expect(stored.status == .completed && stored.endReason == "caller_hung_up" && stored.durationMilliseconds == 8_000)
            #expect(stored.from == "+1 (415) 555-0101" && stored.agentVersion == 3)
            #expect(try await f.calls.transcript(call.id, org: f.orgA) == Self.outcome.transcript)
            #expect(try await f.calls.events(call.id, org: f.orgA) == Self.outcome.events)
            #expect(try await f.calls.turns(call.id, org: f.orgA) == Self.outcome.turns)
            // Found by number in another format; never from another org.
            #expect(try await f.calls.list(org: f.orgA, page: PageRequest(), filter: CallFilter(number: "+14155550101")).items.map(\.id) == [call.id])
            #expect(try await f.calls.list(org: f.orgA, page: PageRequest(), filter: CallFilter(number: "+14155550102")).items.isEmpty)
            #expect(try await f.calls.find(call.id, org: f.orgB) == nil)
            #expect(try await f.calls.transcript(call.id, org: f.orgB).isEmpty)
            #expect(try await f.calls.list(org: f.orgB, page: PageRequest()).items.isEmpty)
            // Nothing personal is stored in the clear.
            let dump = try await f.db.read { db in
                var text: [String] = []
                for table in ["calls", "call_transcripts", "call_events"] {
                    for row in try await db.raw("SELECT * FROM \(unsafeRaw: table)").all() {
                        for column in row.allColumns { text.append((try? row.decode(column: column, as: String?.self)).flatMap { $0 } ?? "") }
                    }
                }
                return text.joined(separator: "\n")
            }
            for secret in ["555-0101", "5550101", "book a cleaning", "Parley Dental"] { #expect(!dump.contains(secret), "\(secret) stored in the clear") }
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func erasingThePersonShredsNumbersAndTranscript(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            let (first, _) = try await f.calls.start(org: f.orgA, CallStart(direction: .inbound, transport: "twilio", from: "+14155550101"))
            let (second, _) = try await f.calls.start(org: f.orgA, CallStart(direction: .outbound, transport: "twilio", from: "+1800", to: "+1 415 555 0101"))
            #expect(first.subjectID == second.subjectID)
            try await f.calls.finish(first.id, org: f.orgA, Self.outcome)
            try await f.keyring.destroySubjectKey(org: f.orgA, subject: try #require(first.subjectID))
            #expect(try await f.calls.transcript(first.id, org: f.orgA).isEmpty)
            let record = try #require(try await f.calls.find(first.id, org: f.orgA))
            #expect(record.from == nil && record.status == .completed)
        }
    }

    @Test(arguments: TestDatabase.flavors)
    func recordingSpoolsEncryptedAndSurvivesACrash(_ flavor: DatabaseFlavor) async throws {
        try await Self.with(flavor) { f in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try LocalBlobStore(root: dir)
            let (call, maybeKey) = try await f.calls.start(org: f.orgA, CallStart(direction: .inbound, transport: "twilio", from: "+14155550101", recordingSampleRate: 8_000))
            let key = try #require(maybeKey)
            #expect(call.recordingState == .spooling)
            let spool = RecordingSpool(sampleRate: 8_000)
            let name = RecordingWriter.blobName(org: f.orgA, call: call.id)
            let writer = try RecordingWriter(spool: spool, store: store, name: name, key: key)
            var expected: [Int16] = []
            for frame in 0..<30 {
                let caller = (0..<160).map { Int16(truncatingIfNeeded: frame * 1000 + $0) }
                let agent = (0..<160).map { Int16(truncatingIfNeeded: -frame * 7 - $0) }
                caller.withUnsafeBufferPointer { c in agent.withUnsafeBufferPointer { a in spool.append(caller: c, agent: frame % 3 == 0 ? nil : a) } }
                for i in 0..<160 { expected += [caller[i], frame % 3 == 0 ? 0 : agent[i]] }
                if frame % 10 == 9 { try writer.flush() }
            }
            // Crash: the writer never finishes. What was flushed is recovered and readable.
            let kept = try EncryptedBlobWriter.recover(store: store, name: name, key: try #require(try await f.calls.recordingKey(call.id, org: f.orgA)))
            #expect(kept == expected.count * 2)
            var bytes: [UInt8] = []
            try EncryptedBlobWriter.read(store: store, name: name, key: key) { bytes += $0 }
            let samples = stride(from: 0, to: bytes.count, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
            #expect(samples == expected)
            // The file holds no audio in the clear.
            let raw = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            #expect(!raw.contains(Data(bytes.prefix(64))))
        }
    }
}
