import Hummingbird
import ParleyAudit
import ParleyCore
import ParleyIdentity
import ParleyStorage

/// `/v1/audit-entries`: the organization's tamper-evident audit chain (admins and auditors).
enum AuditRoutes {
    struct EntryDTO: Codable, Sendable {
        var object = "audit_entry"
        var seq: Int64
        var actor: String
        var action: String
        var target: String
        var outcome: String
        var requestId: String
        var at: String
        var clientIp: String?
        var mac: String

        enum CodingKeys: String, CodingKey {
            case object, seq, actor, action, target, outcome, at, mac
            case requestId = "request_id"
            case clientIp = "client_ip"
        }
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/audit-entries", operationID: "listAuditEntries",
                     summary: "The organization's audit log, newest first (filter by actor or action prefix)",
                     tag: "Audit", permission: .auditRead, response: "AuditEntryList",
                     query: [APIRoute.pagination[0], ("starting_after", "sequence", "Cursor: the `next_cursor` of the previous page (a sequence number)."),
                             ("actor", "string", "Only this actor (API key or user id)."),
                                                   ("action", "string", "Only actions starting with this, e.g. `POST /v1/api-keys`.")]) { request, context in
                let p = try context.requirePrincipal()
                let page = try HandlerSupport.page(request)
                let before = try page.after.map { raw -> Int64 in
                    guard let seq = Int64(raw), seq >= 0 else { throw ParleyError.validation("starting_after must be a next_cursor from this list", field: "starting_after") }
                    return seq
                }
                let query = request.uri.queryParameters
                let entries = try await AuditQuery(log: env.audit).entries(
                    org: p.orgID, before: before, limit: page.limit + 1, actor: query.get("actor"), actionPrefix: query.get("action"))
                let items = entries.map { e in
                    EntryDTO(seq: e.seq, actor: e.event.actor, action: e.event.action, target: e.event.target, outcome: e.event.outcome,
                             requestId: e.event.requestID, at: RFC3339.format(micros: e.event.atMicros), clientIp: e.event.clientIP, mac: e.mac)
                }
                return try HandlerSupport.json(ListDTO(Page(fetched: items, limit: page.limit) { String($0.seq) }) { $0 })
            },
        ]
    }
}
