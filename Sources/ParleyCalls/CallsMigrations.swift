import ParleyStorage

/// Tables owned by ParleyCalls. Times are integer µs since the Unix epoch.
public enum CallsMigrations {
    public static let module = "calls"
    /// The migration that creates the agents tables; a run that applies it seeds the built-in agents.
    public static let agentsMigrationName = "calls v1 agents"

    public static let all: [Migration] = [
        Migration(module: module, version: 1, name: "agents", sql: [
            """
            CREATE TABLE agents (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), name TEXT NOT NULL,
                version INTEGER NOT NULL, configuration TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (org_id, name))
            """,
            "CREATE INDEX agents_org ON agents (org_id, id)",
            // Every version an agent ever had, so a call record can say exactly what it ran.
            """
            CREATE TABLE agent_versions (
                agent_id TEXT NOT NULL, version INTEGER NOT NULL, org_id TEXT NOT NULL REFERENCES orgs(id),
                name TEXT NOT NULL, configuration TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (agent_id, version))
            """,
        ]),
        Migration(module: module, version: 2, name: "calls", sql: [
            // Parties are encrypted under the caller's subject key and found by blind index.
            """
            CREATE TABLE calls (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
                agent_id TEXT, agent_version INTEGER, direction TEXT NOT NULL, transport TEXT NOT NULL, external_id TEXT,
                subject_id TEXT, from_index TEXT, from_enc TEXT, to_index TEXT, to_enc TEXT,
                status TEXT NOT NULL, end_reason TEXT, transfer_target_enc TEXT,
                started_at BIGINT NOT NULL, answered_at BIGINT, ended_at BIGINT, duration_ms BIGINT,
                recording_state TEXT NOT NULL, recording_key TEXT, recording_rate INTEGER, recording_bytes BIGINT,
                cost_micros BIGINT, cost_currency TEXT)
            """,
            "CREATE INDEX calls_org ON calls (org_id, id)",
            "CREATE INDEX calls_external ON calls (org_id, external_id)",
            "CREATE INDEX calls_from ON calls (org_id, from_index)",
            "CREATE INDEX calls_status ON calls (status)",
            """
            CREATE TABLE call_transcripts (
                call_id TEXT NOT NULL, org_id TEXT NOT NULL, seq INTEGER NOT NULL, speaker TEXT NOT NULL,
                text_enc TEXT NOT NULL, start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, interrupted INTEGER NOT NULL,
                PRIMARY KEY (call_id, seq))
            """,
            """
            CREATE TABLE call_events (
                call_id TEXT NOT NULL, org_id TEXT NOT NULL, seq INTEGER NOT NULL, at_ms BIGINT NOT NULL,
                kind TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (call_id, seq))
            """,
            """
            CREATE TABLE call_turns (
                call_id TEXT NOT NULL, org_id TEXT NOT NULL, turn INTEGER NOT NULL, telemetry TEXT NOT NULL,
                PRIMARY KEY (call_id, turn))
            """,
        ]),
        Migration(module: module, version: 3, name: "phone_numbers", sql: [
            // A business line routes to one org, so numbers are unique across orgs.
            """
            CREATE TABLE phone_numbers (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), number TEXT NOT NULL UNIQUE,
                agent_id TEXT, label TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX phone_numbers_org ON phone_numbers (org_id, id)",
        ]),
        Migration(module: module, version: 4, name: "webhooks", sql: [
            """
            CREATE TABLE webhook_endpoints (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), url TEXT NOT NULL, events TEXT NOT NULL,
                secret_enc TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id, id)",
            """
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), endpoint_id TEXT NOT NULL, event_id TEXT NOT NULL,
                event_type TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at BIGINT, last_status_code INTEGER, last_error TEXT, created_at BIGINT NOT NULL, delivered_at BIGINT)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (org_id, endpoint_id, id)",
        ]),
    ]
}
