import ParleyStorage

/// Tables owned by ParleyAudit.
public enum AuditMigrations {
    public static let all: [Migration] = [
        Migration(module: "audit", version: 1, name: "audit_entries", sql: [
            """
            CREATE TABLE audit_outbox (
                id TEXT PRIMARY KEY, chain TEXT NOT NULL, org_id TEXT, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT NOT NULL, outcome TEXT NOT NULL, request_id TEXT NOT NULL, at_micros BIGINT NOT NULL,
                client_ip_enc TEXT)
            """,
            """
            CREATE TABLE audit_entries (
                chain TEXT NOT NULL, seq BIGINT NOT NULL, org_id TEXT, actor TEXT NOT NULL, action TEXT NOT NULL,
                target TEXT NOT NULL, outcome TEXT NOT NULL, request_id TEXT NOT NULL, at_micros BIGINT NOT NULL,
                prev_mac TEXT NOT NULL, mac TEXT NOT NULL, client_ip_enc TEXT, PRIMARY KEY (chain, seq))
            """,
            "CREATE INDEX audit_entries_org_time ON audit_entries (org_id, at_micros)",
        ]),
    ]
}
