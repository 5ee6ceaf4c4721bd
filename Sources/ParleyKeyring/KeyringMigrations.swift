import ParleyStorage

/// Tables owned by ParleyKeyring: wrapped keys only, never a plaintext key.
public enum KeyringMigrations {
    public static let all: [Migration] = [
        Migration(module: "keyring", version: 1, name: "keys", sql: [
            "CREATE TABLE keyring_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE org_keys (org_id TEXT PRIMARY KEY, wrapped TEXT NOT NULL, master_fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE subject_keys (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, kind TEXT NOT NULL, lookup_index TEXT,
                wrapped TEXT, created_at BIGINT NOT NULL, destroyed_at BIGINT, UNIQUE (org_id, kind, lookup_index))
            """,
            "CREATE INDEX subject_keys_org ON subject_keys (org_id, id)",
        ]),
    ]
}
