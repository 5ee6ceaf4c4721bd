/// JSON Schemas (OpenAPI 3.1 components) for every body the API sends or accepts.
enum APISchemas {
    static func string(_ description: String? = nil, format: String? = nil, enumValues: [String]? = nil, maxLength: Int? = nil, minLength: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "string")]
        if let format { members.append(("format", .string(format))) }
        if let enumValues { members.append(("enum", .array(enumValues.map { .string($0) }))) }
        if let maxLength { members.append(("maxLength", .int(maxLength))) }
        if let minLength { members.append(("minLength", .int(minLength))) }
        if let description { members.append(("description", .string(description))) }
        return .object(members)
    }

    static func object(_ properties: [(String, JSONValue)], required: [String], additional: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", "object"),
            ("properties", .object(properties)),
            ("required", .array(required.map { .string($0) })),
        ]
        if !additional { members.append(("additionalProperties", false)) }
        return .object(members)
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func list(of item: String) -> JSONValue {
        object([
            ("object", string(enumValues: ["list"])),
            ("data", ["type": "array", "items": ref(item)]),
            ("has_more", ["type": "boolean"]),
            ("next_cursor", string("Pass as starting_after to get the next page.")),
        ], required: ["object", "data", "has_more"])
    }

    static let roles = ["owner", "admin", "manager", "member", "viewer", "auditor"]

    /// Printable text: no C0/C1 control characters, at least one non-space character.
    static let textPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"

    /// A required display name.
    static func name(max: Int) -> JSONValue {
        ["type": "string", "minLength": 1, "maxLength": .int(max), "pattern": .string(textPattern)]
    }

    /// An optional display name: null or blank means "use the default".
    static func optionalName(max: Int) -> JSONValue {
        ["type": ["string", "null"], "maxLength": .int(max), "pattern": .string("^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    }

    static func optional(_ enumValues: [String]) -> JSONValue {
        ["type": ["string", "null"], "enum": .array(enumValues.map { .string($0) } + [.null])]
    }

    /// An agent's handle: lowercase letters, digits, '-' and '_', never shaped like an agent id.
    static let agentHandle: JSONValue = [
        "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
        "not": ["pattern": "^agt_[0-9a-hjkmnp-tv-z]{26}$"],
    ]

    /// Tool and transfer-target names (OpenAI's function-name rule).
    static let agentIdentifier: JSONValue = ["type": "string", "pattern": "^[a-zA-Z0-9_-]{1,64}$"]

    /// An agent's HTTP webhook tools (docs/voice.md); the parameter schema's rules are checked by the server.
    static let agentTools: JSONValue = [
        "type": ["array", "null"],
        "items": [
            "type": "object", "required": ["name", "description", "parameters", "url"],
            "properties": [
                "name": agentIdentifier,
                "description": ["type": "string"],
                "parameters": ["type": "object", "description": "JSON schema of the arguments: type object, properties, required, enum, items"],
                "url": ["type": "string", "description": "Absolute http(s) URL"],
                "method": ["type": ["string", "null"], "enum": ["POST", "PUT", "PATCH", .null]],
                "timeoutMs": ["type": ["integer", "null"], "minimum": 100, "maximum": 30_000],
                "headers": ["type": ["object", "null"], "additionalProperties": ["type": "string"]],
                "filler": ["type": ["string", "null"]],
            ],
        ],
    ]

    /// Named transfer destinations: E.164 numbers or sip: URIs.
    static let agentTransferTargets: JSONValue = [
        "type": ["array", "null"],
        "items": [
            "type": "object", "required": ["name", "destination"],
            "properties": [
                "name": agentIdentifier,
                "destination": ["type": "string", "description": "E.164 number or sip: URI"],
                "description": ["type": ["string", "null"]],
            ],
        ],
    ]

    /// Redaction settings (stored; not applied yet).
    static let agentPIIRedaction: JSONValue = [
        "type": ["object", "null"],
        "properties": [
            "transcripts": optional(["off", "mask"]),
            "recordings": optional(["off", "bleep"]),
            "entities": ["type": ["array", "null"], "items": ["type": "string", "enum": ["phone", "email", "card", "ssn", "address", "name", "dob"]]],
        ],
    ]

    /// A phone number in E.164 form: `+`, then 8 to 15 digits, the first not 0.
    static let e164Pattern = "^\\+[1-9][0-9]{7,14}$"

    static func isE164(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 9, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `sip:` and 1 to 252 characters without whitespace (the TransferCallInput pattern).
    static func isSIPURI(_ value: String) -> Bool {
        guard value.hasPrefix("sip:") else { return false }
        let rest = value.dropFirst(4)
        return (1...252).contains(rest.count) && !rest.contains { $0.isWhitespace }
    }

    static let password: JSONValue = ["type": "string", "minLength": 10, "maxLength": 1024, "description": "10–1024 characters"]
    static let time = string("RFC 3339 UTC time", format: "date-time")

    static let all: [(String, JSONValue)] = [
        ("Error", object([
            ("error", object([
                ("code", string("Machine-readable error code")),
                ("message", string("What went wrong, for people")),
                ("field", string("The request field the error is about")),
                ("request_id", string()),
            ], required: ["code", "message"])),
        ], required: ["error"])),
        ("Organization", object([
            ("object", string(enumValues: ["organization"])), ("id", string()), ("name", string()),
            ("parent_id", string("Parent organization (agency) if this is a sub-account")), ("created_at", time),
        ], required: ["object", "id", "name", "created_at"])),
        ("OrganizationList", list(of: "Organization")),
        ("User", object([
            ("object", string(enumValues: ["user"])), ("id", string()), ("email", string(format: "email")), ("name", string()),
            ("totp_enabled", ["type": "boolean"]), ("created_at", time),
        ], required: ["object", "id", "email", "name", "totp_enabled", "created_at"])),
        ("UserList", list(of: "User")),
        ("Membership", object([
            ("object", string(enumValues: ["membership"])), ("id", string()), ("org_id", string()), ("user_id", string()),
            ("role", string(enumValues: roles)), ("created_at", time),
        ], required: ["object", "id", "org_id", "user_id", "role", "created_at"])),
        ("MembershipList", list(of: "Membership")),
        ("Invitation", object([
            ("object", string(enumValues: ["invitation"])), ("id", string()), ("org_id", string()), ("email", string()),
            ("role", string(enumValues: roles)), ("status", string(enumValues: ["pending", "accepted", "revoked", "expired"])),
            ("expires_at", time), ("created_at", time),
            ("token", string("One-time invitation token; only in the creation response")),
            ("accept_url", string("Link to send to the invitee; only in the creation response")),
        ], required: ["object", "id", "org_id", "email", "role", "status", "expires_at", "created_at"])),
        ("InvitationList", list(of: "Invitation")),
        ("APIKey", object([
            ("object", string(enumValues: ["api_key"])), ("id", string()), ("name", string()), ("role", string(enumValues: roles)),
            ("prefix", string("First characters of the key, to recognise it")), ("created_at", time),
            ("last_used_at", time), ("revoked_at", time),
            ("secret", string("The full key; only in the creation response. Send as 'Authorization: Bearer <secret>'.")),
        ], required: ["object", "id", "name", "role", "prefix", "created_at"])),
        ("APIKeyList", list(of: "APIKey")),
        ("Me", object([
            ("object", string(enumValues: ["principal"])), ("org_id", string()), ("role", string(enumValues: roles)),
            ("kind", string(enumValues: ["api_key", "session", "system"])), ("api_key_id", string()), ("user_id", string()),
            ("permissions", ["type": "array", "items": ["type": "string"]]),
        ], required: ["object", "org_id", "role", "kind", "permissions"])),
        ("NameInput", object([("name", name(max: 200))], required: ["name"])),
        ("RoleInput", object([("role", string(enumValues: roles))], required: ["role"])),
        ("CreateUserInput", object([
            ("email", string(format: "email")), ("name", optionalName(max: 200)),
            ("password", password), ("role", optional(roles)),
        ], required: ["email", "password"])),
        ("CreateMembershipInput", object([("user_id", string()), ("role", string(enumValues: roles))], required: ["user_id", "role"])),
        ("CreateInvitationInput", object([
            ("email", string(format: "email")), ("role", string(enumValues: roles)),
            ("expires_in_seconds", ["type": ["integer", "null"], "minimum": 60, "maximum": 7_776_000]),
        ], required: ["email", "role"])),
        ("AcceptInvitationInput", object([
            ("token", string()), ("name", optionalName(max: 200)),
            ("password", ["type": "string", "minLength": 10, "maxLength": 1024,
                          "description": "The new account's password; for an existing account, its current password."]),
        ], required: ["token", "password"])),
        ("CreateAPIKeyInput", object([("name", optionalName(max: 100)), ("role", optional(roles))], required: [])),
        ("Agent", object([
            ("object", string(enumValues: ["agent"])), ("id", string()), ("name", string("Handle to find the agent by")),
            ("version", ["type": "integer", "minimum": 1]), ("configuration", ref("AgentConfiguration")),
            ("created_at", time), ("updated_at", time),
        ], required: ["object", "id", "name", "version", "configuration", "created_at", "updated_at"])),
        ("AgentList", list(of: "Agent")),
        ("AgentConfiguration", [
            "type": "object",
            "description": "The agent file format of docs/flows.md. Graph rules (reachable nodes, known targets, questions in cycles) are checked by the server and answered with 400 naming the field.",
            "required": ["name", "brain"],
            "properties": [
                "name": ["type": "string", "description": "The name the agent introduces itself with"],
                "brain": ["type": "object", "required": ["type"],
                          "properties": ["type": ["type": "string", "enum": ["flow", "llm"]]]],
                "tools": agentTools,
                "transferTargets": agentTransferTargets,
                "piiRedaction": agentPIIRedaction,
                "outboundDisclosure": ["type": ["string", "null"], "description": "Said first on outbound calls; must say the agent is an AI (default \"Hi, this is {{agent_name}}, an AI assistant calling{{organisation_suffix}}.\")"],
                "recordingDisclosure": ["type": ["string", "null"], "description": "Said at the start of recorded calls; not empty while recordingEnabled (default \"This call is recorded.\")"],
            ],
        ]),
        ("CreateAgentInput", object([("name", agentHandle), ("configuration", ref("AgentConfiguration"))], required: ["name", "configuration"])),
        ("UpdateAgentInput", object([
            ("name", ["anyOf": [agentHandle, ["type": "null"]]]),
            ("configuration", ["anyOf": [ref("AgentConfiguration"), ["type": "null"]]]),
            ("version", ["type": ["integer", "null"], "minimum": 1, "description": "Version the change is based on; 409 if the agent has moved on"]),
        ], required: [])),
        ("WebCall", object([
            ("object", string(enumValues: ["web_call"])), ("agent_id", string()),
            ("token", string("Send it in the socket's start message; it opens one call")),
            ("url", string("WebSocket URL of the browser media endpoint")), ("expires_at", time),
        ], required: ["object", "agent_id", "token", "url", "expires_at"])),
        ("Call", object([
            ("object", string(enumValues: ["call"])), ("id", string()), ("agent_id", string()), ("agent_version", ["type": "integer"]),
            ("direction", string(enumValues: ["inbound", "outbound", "browser"])), ("transport", string("twilio, browser or sip")),
            ("external_id", string("The carrier's call id (Twilio CallSid)")), ("from", string()), ("to", string()),
            ("status", string(enumValues: ["queued", "in_progress", "completed", "failed"])), ("end_reason", string()), ("transfer_target", string()),
            ("started_at", time), ("answered_at", time), ("ended_at", time), ("duration_ms", ["type": "integer"]),
            ("recording", string(enumValues: ["none", "spooling", "available", "deleted"])), ("recording_seconds", ["type": "number"]),
        ], required: ["object", "id", "direction", "transport", "status", "started_at", "recording"])),
        ("CallList", list(of: "Call")),
        ("CallDetail", object([
            ("call", ref("Call")),
            ("transcript", ["type": "array", "items": object([
                ("speaker", string(enumValues: ["caller", "agent"])), ("text", string()), ("start_ms", ["type": "integer"]),
                ("end_ms", ["type": "integer"]), ("interrupted", ["type": "boolean"]),
            ], required: ["speaker", "text", "start_ms", "end_ms", "interrupted"])]),
            ("events", ["type": "array", "items": object([
                ("at_ms", ["type": "integer"]), ("kind", string()), ("detail", ["type": "object", "additionalProperties": ["type": "string"]]),
            ], required: ["at_ms", "kind", "detail"])]),
            ("turns", ["type": "array", "items": object([
                ("turn", ["type": "integer"]), ("user_speech_end_ms", ["type": "integer"]), ("endpoint_ms", ["type": "integer"]),
                ("stt_final_ms", ["type": "integer"]), ("first_brain_output_ms", ["type": "integer"]),
                ("first_tts_audio_ms", ["type": "integer"]), ("first_frame_out_ms", ["type": "integer"]),
                ("voice_to_voice_ms", ["type": "integer"]),
            ], required: ["turn"])]),
        ], required: ["call", "transcript", "events", "turns"])),
        ("PhoneNumber", object([
            ("object", string(enumValues: ["phone_number"])), ("id", string()), ("number", string(format: nil)), ("agent_id", string()),
            ("label", string()), ("voice_webhook_url", string("Set this as the number's voice webhook (HTTP POST) in Twilio")),
            ("created_at", time), ("updated_at", time),
        ], required: ["object", "id", "number", "label", "voice_webhook_url", "created_at", "updated_at"])),
        ("PhoneNumberList", list(of: "PhoneNumber")),
        ("CreatePhoneNumberInput", object([
            ("number", ["type": "string", "pattern": .string(e164Pattern)]),
            ("agent", ["type": ["string", "null"], "maxLength": 64, "description": "Agent name or id that answers the number"]),
            ("label", optionalName(max: 100)),
        ], required: ["number"])),
        ("UpdatePhoneNumberInput", object([
            ("agent", ["type": ["string", "null"], "maxLength": 64, "description": "Agent name or id; null routes to no agent"]),
            ("label", optionalName(max: 100)),
        ], required: [])),
        ("CreateCallInput", object([
            ("agent", ["type": "string", "minLength": 1, "maxLength": 64, "description": "Agent name or id"]),
            ("to", ["type": "string", "pattern": .string(e164Pattern)]),
            ("from", ["type": ["string", "null"], "pattern": .string(e164Pattern), "description": "One of the org's numbers (default: the first)"]),
        ], required: ["agent", "to"])),
        ("TransferCallInput", object([
            ("to", ["anyOf": [["type": "string", "pattern": .string(e164Pattern)], ["type": "string", "pattern": "^sip:[^\\s]{1,252}$"]]]),
        ], required: ["to"])),
        ("WebhookEndpoint", object([
            ("object", string(enumValues: ["webhook_endpoint"])), ("id", string()), ("url", string()),
            ("events", ["type": "array", "items": string(enumValues: ["call.started", "call.ended", "call.analyzed"])]), ("created_at", time),
            ("secret", string("Signing secret for Parley-Signature; only in the creation response")),
        ], required: ["object", "id", "url", "events", "created_at"])),
        ("WebhookEndpointList", list(of: "WebhookEndpoint")),
        ("CreateWebhookInput", object([
            ("url", ["type": "string", "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$", "maxLength": 2048,
                     "description": "The host must be public: localhost and loopback, private or link-local addresses are refused (docs/api.md, Webhooks)"]),
            ("events", ["type": "array", "minItems": 1, "items": string(enumValues: ["call.started", "call.ended", "call.analyzed"])]),
        ], required: ["url", "events"])),
        ("WebhookDelivery", object([
            ("object", string(enumValues: ["webhook_delivery"])), ("id", string()), ("event_id", string()), ("event_type", string()),
            ("status", string(enumValues: ["pending", "delivered", "failed"])), ("attempts", ["type": "integer"]),
            ("last_status_code", ["type": "integer"]), ("last_error", string()), ("next_attempt_at", time), ("created_at", time),
            ("delivered_at", time),
        ], required: ["object", "id", "event_id", "event_type", "status", "attempts", "created_at"])),
        ("WebhookDeliveryList", list(of: "WebhookDelivery")),
        ("Secret", object([
            ("object", string(enumValues: ["secret"])), ("name", string()), ("hint", string("Masked: never the value")),
            ("created_at", time), ("updated_at", time),
        ], required: ["object", "name", "hint", "created_at", "updated_at"])),
        ("SecretList", list(of: "Secret")),
        ("SecretValueInput", object([("value", ["type": "string", "minLength": 1, "maxLength": 4096])], required: ["value"])),
        ("AuditEntry", object([
            ("object", string(enumValues: ["audit_entry"])), ("seq", ["type": "integer"]), ("actor", string()), ("action", string()),
            ("target", string()), ("outcome", string()), ("request_id", string()), ("at", time), ("client_ip", string()),
            ("mac", string("HMAC-SHA256 chaining this entry to the previous one")),
        ], required: ["object", "seq", "actor", "action", "target", "outcome", "request_id", "at", "mac"])),
        ("AuditEntryList", list(of: "AuditEntry")),
        ("Health", object([("status", string()), ("checks", ["type": "object"])], required: ["status"])),
        ("OpenAPIDocument", object([("openapi", string()), ("paths", ["type": "object"])], required: ["openapi", "paths"])),
    ]
}
