import ParleyCore

/// Builds the OpenAPI 3.1 document from the route table, so the two cannot drift apart.
enum OpenAPIDocument {
    static func build(routes: [APIRoute], publicURL: String) -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for route in routes {
            let op = operation(route)
            if let i = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[i].1.append((route.method.rawValue.lowercased(), op))
            } else {
                paths.append((route.path, [(route.method.rawValue.lowercased(), op)]))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Parley API",
                "version": .string(ParleyVersion.string),
                "description": "Privacy-first AI voice calls. Authenticate with an API key: `Authorization: Bearer pk_…`. Errors use one envelope: `{\"error\":{\"code\",\"message\",\"field\"}}`. Lists are cursor-paginated (`limit`, `starting_after`). POST requests accept an `Idempotency-Key` header.",
            ],
            "servers": [["url": .string(publicURL)]],
            "paths": .object(paths.map { ($0.0, .object($0.1)) }),
            "components": [
                "schemas": .object(APISchemas.all),
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "description": "An API key created in the dashboard or with `parley apikey create`."]],
            ],
        ]
    }

    static func operation(_ route: APIRoute) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("operationId", .string(route.operationID)),
            ("summary", .string(route.summary)),
            ("tags", [.string(route.tag)]),
        ]
        var parameters: [JSONValue] = route.pathParameters.map {
            $0 == "name"
                ? ["name": "name", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[a-z0-9_.-]{1,64}$"]]
                : ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string", "maxLength": 64]]
        }
        for q in route.queryParameters {
            var schema: [(String, JSONValue)]
            switch q.type {
            case "sequence": schema = [("type", "string"), ("pattern", "^[0-9]{1,18}$")]
            case "e164": schema = [("type", "string"), ("pattern", .string(APISchemas.e164Pattern))]
            case "id": schema = [("type", "string"), ("minLength", 1), ("maxLength", 64)]
            case let type where type.hasPrefix("enum:"):
                schema = [("type", "string"), ("enum", .array(type.dropFirst(5).split(separator: "|").map { .string(String($0)) }))]
            default: schema = [("type", .string(q.type))]
            }
            if q.name == "limit" { schema += [("minimum", 1), ("maximum", 200)] }
            if q.name == "starting_after" && q.type == "string" { schema += [("minLength", 1), ("maxLength", 64)] }
            parameters.append(["name": .string(q.name), "in": "query", "required": false, "description": .string(q.description), "schema": .object(schema)])
        }
        if route.method == .post && route.permission != nil {
            parameters.append(["name": "Idempotency-Key", "in": "header", "required": false,
                               "description": "Replays the first response for the same key and body for 24 h; a different body gets 422.",
                               "schema": ["type": "string", "minLength": 1, "maxLength": 255]])
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let schema = route.requestSchema {
            members.append(("requestBody", ["required": true, "content": ["application/json": ["schema": APISchemas.ref(schema)]]]))
        }
        var responses: [(String, JSONValue)] = []
        if let schema = route.responseSchema {
            responses.append((String(route.successStatus), ["description": "Success", "content": .object([(route.responseContentType, ["schema": APISchemas.ref(schema)] as JSONValue)])]))
        } else if route.successStatus == 204 {
            responses.append(("204", ["description": "Done"]))
        } else {
            responses.append((String(route.successStatus), ["description": "Success", "content": .object([(route.responseContentType, ["schema": ["type": "string"]] as JSONValue)])]))
        }
        if route.path == "/readyz" {
            responses.append(("503", ["description": "Not ready (database unreachable or draining)", "content": ["application/json": ["schema": APISchemas.ref("Health")]]]))
        }
        responses.append(("default", ["description": "Error", "content": ["application/json": ["schema": APISchemas.ref("Error")]]]))
        members.append(("responses", .object(responses)))
        members.append(("security", route.permission == nil ? [] : [["bearerAuth": []]]))
        if let permission = route.permission {
            members.append(("x-parley-permission", .string(permission.rawValue)))
        }
        return .object(members)
    }
}
