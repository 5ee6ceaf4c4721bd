import ParleyCore
import ParleyKeyring
import ParleyStorage
import SQLKit

/// The org's phone numbers and the agents they route to.
public struct PhoneNumberRepository: Sendable {
    let database: Database
    let clock: any WallClock

    public static let idPrefix = "num"

    public init(database: Database, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    static let columns = "id, org_id, number, agent_id, label, created_at, updated_at"

    static func decode(_ row: any SQLRow) throws -> PhoneNumber {
        PhoneNumber(
            id: try row.decode(column: "id", as: String.self), orgID: try row.decode(column: "org_id", as: String.self),
            number: try row.decode(column: "number", as: String.self), agentID: try row.decode(column: "agent_id", as: String?.self),
            label: try row.decode(column: "label", as: String.self), createdAt: Int64(try row.decode(column: "created_at", as: Int.self)),
            updatedAt: Int64(try row.decode(column: "updated_at", as: Int.self)))
    }

    /// `raw` in E.164 (separators allowed), or a validation error on `field`.
    public static func normalise(_ raw: String, field: String = "number") throws(ParleyError) -> String {
        do { return try BlindIndex.normalisePhone(raw) } catch {
            throw ParleyError.validation("number must be a phone number in international form, e.g. +14155550100", field: field)
        }
    }

    public func create(org: String, number raw: String, agentID: String?, label: String) async throws -> PhoneNumber {
        let number = try Self.normalise(raw)
        let now = clock.nowMicros()
        let record = PhoneNumber(id: ResourceID.make(Self.idPrefix, timeMicros: now), orgID: org, number: number, agentID: agentID,
                                 label: label, createdAt: now, updatedAt: now)
        // Unscoped on purpose: a number belongs to one org across the whole install.
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM phone_numbers WHERE number = \(bind: number)").first() != nil {
                throw ParleyError(.conflict, "\(number) is already registered", field: "number")
            }
            try await db.raw("""
                INSERT INTO phone_numbers (id, org_id, number, agent_id, label, created_at, updated_at)
                VALUES (\(bind: record.id), \(bind: org), \(bind: number), \(bind: agentID), \(bind: label), \(bind: now), \(bind: now))
                """).run()
        }
        return record
    }

    public func find(_ id: String, org: String) async throws -> PhoneNumber? {
        try await database.read(org: org) { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM phone_numbers WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    /// For the voice webhook, which learns the org from the number's id in its path.
    public func find(webhookID id: String) async throws -> PhoneNumber? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM phone_numbers WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func find(number raw: String, org: String) async throws -> PhoneNumber? {
        let number = try Self.normalise(raw)
        return try await database.read(org: org) { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM phone_numbers WHERE number = \(bind: number) AND org_id = \(bind: org)")
                .first().map(Self.decode)
        }
    }

    public func list(org: String, page: PageRequest) async throws -> Page<PhoneNumber> {
        let rows = try await database.read(org: org) { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM phone_numbers WHERE org_id = \(bind: org) AND id > \(bind: page.after ?? "")
                ORDER BY id LIMIT \(bind: page.limit + 1)
                """).all()
        }
        return Page(fetched: try rows.map(Self.decode), limit: page.limit, id: \.id)
    }

    /// Routes the number to `agentID` (nil: unchanged; `.some(nil)`: no agent) and/or relabels it.
    public func update(_ id: String, org: String, agentID: String??, label: String?) async throws -> PhoneNumber? {
        let now = clock.nowMicros()
        return try await database.transaction(org: org) { db in
            guard var number = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM phone_numbers WHERE id = \(bind: id) AND org_id = \(bind: org)")
                .first().map(Self.decode) else { return nil }
            if let agentID { number.agentID = agentID }
            if let label { number.label = label }
            number.updatedAt = now
            try await db.raw("""
                UPDATE phone_numbers SET agent_id = \(bind: number.agentID), label = \(bind: number.label), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND org_id = \(bind: org)
                """).run()
            return number
        }
    }

    public func delete(_ id: String, org: String) async throws -> Bool {
        try await database.transaction(org: org) { db in
            guard try await db.raw("SELECT id FROM phone_numbers WHERE id = \(bind: id) AND org_id = \(bind: org)").first() != nil else { return false }
            try await db.raw("DELETE FROM phone_numbers WHERE id = \(bind: id) AND org_id = \(bind: org)").run()
            return true
        }
    }
}
