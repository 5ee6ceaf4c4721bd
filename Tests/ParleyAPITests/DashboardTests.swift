import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ParleyIdentity
import ParleyStorage
import ParleyTesting
import Testing

/// A tiny browser: keeps cookies, posts forms, reads hidden CSRF fields.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    struct Page {
        var status: Int
        var location: String?
        var html: String
        var csrf: String? {
            guard let r = html.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(html[r.upperBound...].prefix { $0 != "\"" })
        }
    }

    mutating func get(_ path: String) async throws -> Page {
        try await send(.get, path, form: nil)
    }

    mutating func post(_ path: String, _ form: [String: String]) async throws -> Page {
        try await send(.post, path, form: form)
    }

    private mutating func send(_ method: HTTPRequest.Method, _ path: String, form: [String: String]?) async throws -> Page {
        var headers: HTTPFields = [.accept: "text/html"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
        }
        let (page, setCookies) = try await client.execute(uri: path, method: method, headers: headers, body: body) { r in
            (Page(status: Int(r.status.code), location: r.headers[.location], html: String(buffer: r.body)), r.headers[values: .setCookie])
        }
        for c in setCookies {
            let pair = c.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || c.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    mutating func logIn(_ email: String, _ password: String) async throws -> Page {
        let login = try await get("/login")
        return try await post("/login", ["_csrf": login.csrf ?? "", "email": email, "password": password])
    }
}

@Suite struct DashboardTests {
    @Test(arguments: TestDatabase.flavors)
    func loginChangePasswordCreateKeyAndLogout(_ flavor: DatabaseFlavor) async throws {
        try await TestServer.run(flavor) { server, client in
            var browser = Browser(client: client)
            let login = try await browser.logIn(server.ownerEmail, server.ownerPassword)
            #expect(login.status == 303)
            #expect(login.location == "/settings", "one-time password forces a change")
            let forced = try await browser.get("/dashboard")
            #expect(forced.location == "/settings")
            let settings = try await browser.get("/settings")
            #expect(settings.html.contains("one-time password"))
            let changed = try await browser.post("/account/password", ["_csrf": settings.csrf ?? "", "new": "my own password 1"])
            #expect(changed.location == "/dashboard")
            let home = try await browser.get("/dashboard")
            #expect(home.status == 200)
            #expect(home.html.contains("Default organization"))
            let keysPage = try await browser.get("/api-keys")
            let created = try await browser.post("/api-keys", ["_csrf": keysPage.csrf ?? "", "name": "Dash key", "role": "viewer"])
            #expect(created.status == 200)
            #expect(created.html.contains("id=\"new-secret\">pk_"))
            let again = try await browser.get("/api-keys")
            #expect(again.html.contains("Dash key"))
            #expect(!again.html.contains("new-secret"))
            let out = try await browser.post("/logout", ["_csrf": again.csrf ?? ""])
            #expect(out.location == "/login")
            #expect(try await browser.get("/dashboard").location == "/login")
        }
    }

    @Test func formPostsWithoutTheCSRFTokenAreRefused() async throws {
        try await TestServer.run(.sqlite) { server, client in
            var browser = Browser(client: client)
            // Login form itself: a missing or wrong token is refused.
            _ = try await browser.get("/login")
            let noToken = try await browser.post("/login", ["email": server.ownerEmail, "password": server.ownerPassword])
            #expect(noToken.status == 403)
            _ = try await browser.logIn(server.ownerEmail, server.ownerPassword)
            let before = try await server.environment.apiKeys.list(org: server.orgID, page: .init()).items.count
            let forged = try await browser.post("/api-keys", ["name": "forged", "role": "admin"])
            #expect(forged.status == 403)
            let wrong = try await browser.post("/api-keys", ["_csrf": "not-the-token", "name": "forged", "role": "admin"])
            #expect(wrong.status == 403)
            let after = try await server.environment.apiKeys.list(org: server.orgID, page: .init()).items.count
            #expect(before == after)
        }
    }

    @Test func loginIsRateLimitedPerAccountAndPerIP() async throws {
        try await TestServer.run(.sqlite) { server, client in
            var browser = Browser(client: client)
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await browser.logIn(server.ownerEmail, "wrong password!").status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "\(statuses)")
            #expect(statuses[5] == 429)
            // Even the right password is refused while the account is locked out.
            #expect(try await browser.logIn(server.ownerEmail, server.ownerPassword).status == 429)
            server.clock.advance(seconds: 61)
            #expect(try await browser.logIn(server.ownerEmail, server.ownerPassword).status == 303)
            // Per IP: many accounts from one address.
            var fresh = Browser(client: client)
            var ipStatuses: [Int] = []
            for i in 0..<12 { ipStatuses.append(try await fresh.logIn("nobody\(i)@example.com", "whatever pw").status) }
            #expect(ipStatuses.contains(429), "\(ipStatuses)")
        }
    }

    @Test func totpIsRequiredWhenEnabled() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let env = server.environment
            let creds = try #require(try await env.users.credentials(email: server.ownerEmail))
            let secret = TOTP.makeSecret()
            try await env.users.setPendingTOTPSecret(userID: creds.user.id, secret: secret)
            let code = try #require(TOTP.code(secret: secret, at: server.clock.nowSeconds()))
            #expect(try await env.users.enableTOTP(userID: creds.user.id, code: code))
            var browser = Browser(client: client)
            let login = try await browser.logIn(server.ownerEmail, server.ownerPassword)
            #expect(login.location == "/login/totp")
            #expect(try await browser.get("/dashboard").location == "/login", "no access before the second factor")
            let form = try await browser.get("/login/totp")
            let bad = try await browser.post("/login/totp", ["_csrf": form.csrf ?? "", "code": code == "000000" ? "111111" : "000000"])
            #expect(bad.status == 401)
            let good = try await browser.post("/login/totp", ["_csrf": form.csrf ?? "", "code": code])
            #expect(good.status == 303)
            #expect(try await browser.get("/settings").status == 200)
        }
    }

    @Test func pagesFollowThePermissionMatrix() async throws {
        try await TestServer.run(.sqlite) { server, client in
            _ = try await server.environment.users.create(email: "viewer@example.com", name: "V", password: "viewer password", org: server.orgID, role: .viewer)
            var browser = Browser(client: client)
            #expect(try await browser.logIn("viewer@example.com", "viewer password").location == "/dashboard")
            #expect(try await browser.get("/users").status == 200)
            #expect(try await browser.get("/api-keys").status == 403)
            let home = try await browser.get("/dashboard")
            let post = try await browser.post("/invitations", ["_csrf": home.csrf ?? "", "email": "x@example.com", "role": "viewer"])
            #expect(post.status == 403)
        }
    }

    @Test func invitationLinksCreateAccountsOnce() async throws {
        try await TestServer.run(.sqlite) { server, client in
            let (_, token) = try await server.environment.invitations.create(org: server.orgID, email: "joiner@example.com", role: .member, invitedBy: nil)
            var browser = Browser(client: client)
            let page = try await browser.get("/invite/\(token)")
            #expect(page.status == 200)
            #expect(page.html.contains("joiner@example.com"))
            let accepted = try await browser.post("/invite/\(token)", ["name": "Joiner", "password": "joiner password"])
            #expect(accepted.location == "/dashboard")
            #expect(try await browser.get("/dashboard").status == 200)
            var other = Browser(client: client)
            #expect(try await other.get("/invite/\(token)").status == 409)
            #expect(try await other.get("/invite/inv_unknown").status == 404)
        }
    }
}

@Suite struct DashboardAuditPageTests {
    @Test func auditorsSeeTheAuditLogOthersDoNot() async throws {
        try await TestServer.run(.sqlite) { server, client in
            _ = try await client.call(.post, "/v1/orgs", key: server.adminKey, json: #"{"name":"Audited client"}"#)
            while try await server.environment.audit.link() > 0 {}
            _ = try await server.environment.users.create(email: "auditor@example.com", name: "A", password: "auditor password", org: server.orgID, role: .auditor)
            _ = try await server.environment.users.create(email: "member@example.com", name: "M", password: "member password", org: server.orgID, role: .member)
            var auditor = Browser(client: client)
            _ = try await auditor.logIn("auditor@example.com", "auditor password")
            let page = try await auditor.get("/audit")
            #expect(page.status == 200)
            #expect(page.html.contains("POST /v1/orgs"))
            #expect(page.html.contains("href=\"/audit\""), "the nav links the page for auditors")
            let filtered = try await auditor.get("/audit?action=DELETE")
            #expect(!filtered.html.contains("POST /v1/orgs"))
            var member = Browser(client: client)
            _ = try await member.logIn("member@example.com", "member password")
            #expect(try await member.get("/audit").status == 403)
            #expect(!(try await member.get("/dashboard").html.contains("href=\"/audit\"")))
        }
    }
}
