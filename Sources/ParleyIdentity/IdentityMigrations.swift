import ParleyStorage

/// Tables owned by ParleyIdentity. Times are integer µs since the Unix epoch.
public enum IdentityMigrations {
    public static let module = "identity"

    public static let all: [Migration] = [
        Migration(module: module, version: 1, name: "orgs_users_memberships", sql: [
            """
            CREATE TABLE orgs (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT REFERENCES orgs(id),
                is_default INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                password_hash TEXT NOT NULL, must_change_password INTEGER NOT NULL DEFAULT 0, totp_secret TEXT, totp_enabled_at BIGINT,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE memberships (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), user_id TEXT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE (org_id, user_id))
            """,
            "CREATE INDEX memberships_user ON memberships (user_id)",
        ]),
        Migration(module: module, version: 2, name: "invitations_api_keys_sessions", sql: [
            """
            CREATE TABLE invitations (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), email TEXT NOT NULL, role TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE, invited_by TEXT, expires_at BIGINT NOT NULL,
                accepted_at BIGINT, revoked_at BIGINT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX invitations_org ON invitations (org_id, id)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), name TEXT NOT NULL, role TEXT NOT NULL,
                prefix TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, created_by TEXT,
                created_at BIGINT NOT NULL, last_used_at BIGINT, revoked_at BIGINT)
            """,
            "CREATE INDEX api_keys_org ON api_keys (org_id, id)",
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), token_hash TEXT NOT NULL UNIQUE,
                csrf_token TEXT NOT NULL, org_id TEXT REFERENCES orgs(id), awaiting_totp INTEGER NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
        ]),
        encryptedFields,
    ]
}

extension IdentityMigrations {
    /// Version 3 moves personal fields to encrypted columns; `IdentityFieldEncryption` fills them
    /// (in place, for rows written before this version) right after migrating.
    static let encryptedFields = Migration(module: module, version: 3, name: "encrypted_personal_fields", sql: [
        "ALTER TABLE users RENAME COLUMN email TO email_index",
        "ALTER TABLE users ADD COLUMN email_enc TEXT",
        "ALTER TABLE users ADD COLUMN name_enc TEXT",
        "ALTER TABLE users ADD COLUMN totp_enc TEXT",
        "ALTER TABLE invitations RENAME COLUMN email TO email_enc",
    ])
}
