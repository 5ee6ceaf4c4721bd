import Hummingbird
import ParleyCalls
import ParleyCore
import ParleyIdentity

/// `/v1/webhooks`: endpoints that receive signed call events, and their delivery logs.
enum WebhookRoutes {
    struct EndpointDTO: Codable, Sendable {
        var object = "webhook_endpoint"
        var id: String
        var url: String
        var events: [String]
        var createdAt: String
        /// Only in the creation response.
        var secret: String?

        enum CodingKeys: String, CodingKey {
            case object, id, url, events, secret
            case createdAt = "created_at"
        }

        init(_ e: WebhookEndpoint, secret: String? = nil) {
            id = e.id
            url = e.url
            events = e.events
            createdAt = RFC3339.format(micros: e.createdAt)
            self.secret = secret
        }
    }

    struct DeliveryDTO: Codable, Sendable {
        var object = "webhook_delivery"
        var id: String
        var eventID: String
        var eventType: String
        var status: String
        var attempts: Int
        var lastStatusCode: Int?
        var lastError: String?
        var nextAttemptAt: String?
        var createdAt: String
        var deliveredAt: String?

        enum CodingKeys: String, CodingKey {
            case object, id, status, attempts
            case eventID = "event_id", eventType = "event_type", lastStatusCode = "last_status_code", lastError = "last_error"
            case nextAttemptAt = "next_attempt_at", createdAt = "created_at", deliveredAt = "delivered_at"
        }

        init(_ d: WebhookDelivery) {
            id = d.id
            eventID = d.eventID
            eventType = d.eventType
            status = d.status.rawValue
            attempts = d.attempts
            lastStatusCode = d.lastStatusCode
            lastError = d.lastError
            nextAttemptAt = d.nextAttemptAt.map { RFC3339.format(micros: $0) }
            createdAt = RFC3339.format(micros: d.createdAt)
            deliveredAt = d.deliveredAt.map { RFC3339.format(micros: $0) }
        }
    }

    struct CreateBody: Decodable, Sendable {
        var url: String
        var events: [String]
    }

    /// The CreateWebhookInput pattern: `^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$`.
    static func isWebhookURL(_ url: String) -> Bool {
        var rest = Substring(url)
        if rest.hasPrefix("https://") { rest = rest.dropFirst(8) } else if rest.hasPrefix("http://") { rest = rest.dropFirst(7) } else { return false }
        func isHostCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-") }
        let host = rest.prefix { isHostCharacter($0) }
        guard !host.isEmpty else { return false }
        rest = rest.dropFirst(host.count)
        if rest.hasPrefix(":") {
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard (1...5).contains(digits.count) else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        if rest.isEmpty { return true }
        guard rest.hasPrefix("/") else { return false }
        return rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._~/-".contains($0)) }
    }

    /// Why the URL's host is refused before any DNS: `localhost` or a literal address in a
    /// refused block (`0x7f.1` and `2130706433` read as the resolver reads them). Names are
    /// checked again, resolved, before every delivery.
    static func targetRefusal(_ url: String, policy: OutboundAddressPolicy) -> String? {
        let rest = url.drop { $0 != "/" }.dropFirst(2)
        let host = rest.prefix { $0 != ":" && $0 != "/" }
        return policy.hostRefusal(String(host))
    }

    static func find(_ env: APIEnvironment, _ context: APIContext, org: String) async throws -> WebhookEndpoint {
        guard let endpoint = try await env.webhooks.find(try HandlerSupport.pathID(context), org: org) else { throw ParleyError.notFound("webhook endpoint") }
        return endpoint
    }

    static func routes(_ env: APIEnvironment) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/webhooks", operationID: "listWebhooks", summary: "List webhook endpoints",
                     tag: "Webhooks", permission: .settingsRead, response: "WebhookEndpointList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                return try HandlerSupport.json(ListDTO(try await env.webhooks.list(org: p.orgID, page: try HandlerSupport.page(request))) { EndpointDTO($0) })
            },
            APIRoute(.post, "/v1/webhooks", operationID: "createWebhook",
                     summary: "Add an endpoint for call events; its signing secret is shown once",
                     tag: "Webhooks", permission: .settingsWrite, request: "CreateWebhookInput", response: "WebhookEndpoint", status: 201) { request, context in
                let p = try context.requirePrincipal()
                let body = try await HandlerSupport.decode(CreateBody.self, from: request)
                guard body.url.utf8.count <= 2048, isWebhookURL(body.url) else {
                    throw ParleyError.validation("url must be http(s)://host[:port][/path] (letters, digits, '.', '_', '~', '/', '-'; no query)", field: "url")
                }
                if let reason = targetRefusal(body.url, policy: env.outboundPolicy) {
                    throw ParleyError.validation("url: \(reason); webhook endpoints must be on public addresses", field: "url")
                }
                let (endpoint, secret) = try await env.webhooks.create(org: p.orgID, url: body.url, events: body.events)
                return try HandlerSupport.json(EndpointDTO(endpoint, secret: secret), status: .created)
            },
            APIRoute(.get, "/v1/webhooks/{id}", operationID: "getWebhook", summary: "Get a webhook endpoint",
                     tag: "Webhooks", permission: .settingsRead, response: "WebhookEndpoint") { _, context in
                let p = try context.requirePrincipal()
                return try HandlerSupport.json(EndpointDTO(try await find(env, context, org: p.orgID)))
            },
            APIRoute(.delete, "/v1/webhooks/{id}", operationID: "deleteWebhook", summary: "Remove a webhook endpoint (pending deliveries are dropped)",
                     tag: "Webhooks", permission: .settingsWrite, response: nil, status: 204) { _, context in
                let p = try context.requirePrincipal()
                guard try await env.webhooks.delete(try HandlerSupport.pathID(context), org: p.orgID) else { throw ParleyError.notFound("webhook endpoint") }
                return .noContent
            },
            APIRoute(.get, "/v1/webhooks/{id}/deliveries", operationID: "listWebhookDeliveries",
                     summary: "The delivery log of an endpoint: every event, its attempts and last result",
                     tag: "Webhooks", permission: .settingsRead, response: "WebhookDeliveryList", query: APIRoute.pagination) { request, context in
                let p = try context.requirePrincipal()
                let endpoint = try await find(env, context, org: p.orgID)
                let page = try await env.webhooks.deliveries(endpoint: endpoint.id, org: p.orgID, page: try HandlerSupport.page(request))
                return try HandlerSupport.json(ListDTO(page, DeliveryDTO.init))
            },
        ]
    }
}
