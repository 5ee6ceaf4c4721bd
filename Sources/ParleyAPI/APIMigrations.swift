import ParleyStorage

/// Tables owned by the API layer.
public enum APIMigrations {
    public static let all: [Migration] = [
        Migration(module: "api", version: 1, name: "idempotency_keys", sql: [
            """
            CREATE TABLE idempotency_keys (
                org_id TEXT NOT NULL, actor TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL,
                status INTEGER, content_type TEXT, response_body TEXT, created_at BIGINT NOT NULL,
                PRIMARY KEY (org_id, actor, idem_key))
            """,
            "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
        ]),
    ]
}
