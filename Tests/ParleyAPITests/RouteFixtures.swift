import Foundation
import ParleyAPI
import ParleyCalls
import ParleyCore
import ParleyIdentity
import ParleyTesting
import ParleyVoice
import Testing

/// Concrete requests for every API route: a path with real ids from org A and a valid body.
/// A route without an entry here fails `RouteSecurityTests`, so new routes can't skip them.
struct RouteFixtures {
    let server: TestServer

    struct Request {
        var path: String
        var body: String?
    }

    /// Fresh resources in the server's default org (new ones per call, since some routes delete).
    func request(for route: APIRoute) async throws -> Request? {
        let env = server.environment
        let org = server.orgID
        let unique = SecureToken.random(bytes: 6).lowercased()
        func memberUser() async throws -> User {
            try await env.users.create(email: "m-\(unique)@example.com", name: "Member", password: "correct horse battery", org: org, role: .member)
        }
        switch route.operationID {
        case "getMe", "listOrgs", "listUsers", "listMemberships", "listInvitations", "listAPIKeys":
            return Request(path: route.path, body: nil)
        case "createOrg":
            return Request(path: route.path, body: #"{"name":"Client \#(unique)"}"#)
        case "getOrg":
            return Request(path: "/v1/orgs/\(org)", body: nil)
        case "updateOrg":
            return Request(path: "/v1/orgs/\(org)", body: #"{"name":"Renamed \#(unique)"}"#)
        case "createUser":
            return Request(path: route.path, body: #"{"email":"new-\#(unique)@example.com","password":"correct horse battery","role":"viewer"}"#)
        case "getUser":
            return Request(path: "/v1/users/\(try await memberUser().id)", body: nil)
        case "updateUser":
            return Request(path: "/v1/users/\(try await memberUser().id)", body: #"{"name":"Renamed"}"#)
        case "createMembership":
            return Request(path: route.path, body: #"{"user_id":"\#(try await memberUser().id)","role":"viewer"}"#)
        case "getMembership", "updateMembership", "deleteMembership":
            let user = try await memberUser()
            guard let m = try await env.memberships.find(user: user.id, org: org) else { return nil }
            return Request(path: "/v1/memberships/\(m.id)", body: route.operationID == "updateMembership" ? #"{"role":"viewer"}"# : nil)
        case "createInvitation":
            return Request(path: route.path, body: #"{"email":"inv-\#(unique)@example.com","role":"viewer"}"#)
        case "getInvitation", "revokeInvitation":
            let (inv, _) = try await env.invitations.create(org: org, email: "i-\(unique)@example.com", role: .viewer, invitedBy: nil)
            return Request(path: "/v1/invitations/\(inv.id)", body: nil)
        case "createAPIKey":
            return Request(path: route.path, body: #"{"name":"k \#(unique)","role":"viewer"}"#)
        case "listSecrets", "listAuditEntries":
            return Request(path: route.path, body: nil)
        case "setSecret":
            return Request(path: "/v1/secrets/twilio.auth_token", body: #"{"value":"tok-\#(unique)-secret-value"}"#)
        case "deleteSecret":
            try await env.secrets.set(org: org, name: "llm.key-\(unique)", value: "sk-test-value-123456")
            return Request(path: "/v1/secrets/llm.key-\(unique)", body: nil)
        case "listAgents":
            return Request(path: route.path, body: nil)
        case "createAgent":
            return Request(path: route.path, body: #"{"name":"a-\#(unique)","configuration":\#(Self.minimalAgent)}"#)
        case "createWebCall":
            return Request(path: "/v1/agents/demo/web-calls", body: nil)
        case "getAgent", "updateAgent", "deleteAgent", "getAgentVersion":
            let agent = try await env.agents.create(org: org, name: "f-\(unique)", configuration: try AgentConfiguration.load(json: Self.minimalAgent))
            switch route.operationID {
            case "updateAgent": return Request(path: "/v1/agents/\(agent.id)", body: #"{"name":"g-\#(unique)"}"#)
            case "getAgentVersion": return Request(path: "/v1/agents/\(agent.id)/versions/1", body: nil)
            default: return Request(path: "/v1/agents/\(agent.id)", body: nil)
            }
        case "listPhoneNumbers":
            return Request(path: route.path, body: nil)
        case "createPhoneNumber":
            return Request(path: route.path, body: #"{"number":"+1415\#(Self.digits(7))","agent":"demo","label":"Main line"}"#)
        case "getPhoneNumber", "updatePhoneNumber", "deletePhoneNumber":
            let number = try await env.numbers.create(org: org, number: "+1415\(Self.digits(7))", agentID: nil, label: "fixture")
            return Request(path: "/v1/phone-numbers/\(number.id)", body: route.operationID == "updatePhoneNumber" ? #"{"agent":"demo"}"# : nil)
        case "listWebhooks":
            return Request(path: route.path, body: nil)
        case "createWebhook":
            return Request(path: route.path, body: #"{"url":"https://hooks.example.com/parley","events":["call.ended"]}"#)
        case "getWebhook", "deleteWebhook", "listWebhookDeliveries":
            let (endpoint, _) = try await env.webhooks.create(org: org, url: "https://hooks.example.com/\(unique)", events: ["call.started"])
            return Request(path: route.path.replacingOccurrences(of: "{id}", with: endpoint.id), body: nil)
        case "listCalls":
            return Request(path: route.path, body: nil)
        case "createCall":
            return Request(path: route.path, body: #"{"agent":"demo","to":"+14155550100"}"#)
        case "hangUpCall", "transferCall":
            let call = try await Self.recordedCall(env, org: org)
            return Request(path: route.path.replacingOccurrences(of: "{id}", with: call),
                           body: route.operationID == "transferCall" ? #"{"to":"+14155550100"}"# : nil)
        case "getCall", "getCallRecording", "deleteCallRecording":
            let call = try await Self.recordedCall(env, org: org)
            return Request(path: route.path.replacingOccurrences(of: "{id}", with: call), body: nil)
        case "getAPIKey", "revokeAPIKey":
            let (key, _) = try await env.apiKeys.create(org: org, name: "fixture", role: .viewer, createdBy: nil)
            return Request(path: "/v1/api-keys/\(key.id)", body: nil)
        default:
            return nil
        }
    }

    /// A finished call in `org` with a transcript and a short recording.
    static func recordedCall(_ env: APIEnvironment, org: String) async throws -> String {
        let (call, key) = try await env.calls.start(org: org, CallStart(
            direction: .inbound, transport: "twilio", from: "+14155550123", recordingSampleRate: 8_000))
        let spool = RecordingSpool(sampleRate: 8_000)
        let writer = try RecordingWriter(spool: spool, store: env.blobs, name: RecordingWriter.blobName(org: org, call: call.id), key: try #require(key))
        let frame = [Int16](repeating: 1_000, count: 160)
        for _ in 0..<50 { frame.withUnsafeBufferPointer { spool.append(caller: $0, agent: $0) } }
        try writer.finish()
        try await env.calls.finish(call.id, org: org, CallOutcome(
            endReason: "completed", endedAt: env.clock.nowMicros(), durationMilliseconds: 1_000,
            transcript: [TranscriptEntry(speaker: .caller, text: "hello", start: .zero, end: MediaTime(milliseconds: 500))],
            recordingBytes: writer.writtenBytes))
        return call.id
    }

    static func digits(_ count: Int) -> String { String((0..<count).map { _ in "0123456789".randomElement()! }) }

    static let minimalAgent = #"{"name":"Max","brain":{"type":"flow","flow":{"start":"e","nodes":[{"id":"e","type":"end","message":"Bye"}]}}}"#

    /// A fingerprint of everything org A holds, to prove another tenant changed nothing.
    func snapshot() async throws -> String {
        let org = server.orgID
        return try await server.database.read { db in
            var parts: [String] = []
            for (table, columns) in [("orgs", "id, name"), ("org_secrets", "name, ciphertext"), ("memberships", "id, user_id, role"), ("invitations", "id, revoked_at, accepted_at"),
                                     ("api_keys", "id, name, revoked_at"), ("agents", "id, name, version"), ("calls", "id, status, recording_state"), ("phone_numbers", "id, number, agent_id, label"), ("webhook_endpoints", "id, url")] {
                let filter = table == "orgs" ? "id" : "org_id"
                let rows = try await db.raw("SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: filter) = \(bind: org) ORDER BY 1").all()
                for row in rows {
                    parts.append(table + ":" + columns.split(separator: ",").map { c in
                        let name = c.trimmingCharacters(in: .whitespaces)
                        return (try? row.decode(column: name, as: String?.self)).flatMap { $0 }
                            ?? (try? row.decode(column: name, as: Int?.self)).flatMap { $0.map(String.init) } ?? "nil"
                    }.joined(separator: "|"))
                }
            }
            let users = try await db.raw("SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.org_id = \(bind: org) ORDER BY u.id").all()
            for row in users { parts.append("user:\(try row.decode(column: "id", as: String.self))|\(try row.decode(column: "name", as: String.self))") }
            return parts.joined(separator: "\n")
        }
    }
}
