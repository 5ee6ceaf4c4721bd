import SQLKit

/// PostgreSQL row-level security: a second wall behind the repositories' `org_id` filters.
///
/// Every table with an `org_id` column (except the audit chain and the keyring's org keys,
/// which only system code reads) gets RLS enabled and a policy for the NOLOGIN role
/// `parley_tenant`: rows are visible and writable only when `org_id` equals the transaction's
/// `parley.org_id` setting. `Database.read(org:)` and `transaction(org:)` switch to that role
/// and set the org for their transaction, so a query there that forgets its org filter sees
/// nothing of another org (and nothing at all without an org). Unscoped work (start-up,
/// authentication look-ups, cross-org services) runs as the connecting user, which owns the
/// tables and is not subject to the policies.
///
/// `ensure` is idempotent and runs after every migration, so tables added later are covered.
public enum RowLevelSecurity {
    public static let role = "parley_tenant"
    public static let setting = "parley.org_id"
    static let excludedTables: Set<String> = ["audit_outbox", "audit_entries", "org_keys", "parley_migrations"]
    /// Tables a scoped transaction may only append to, without a policy: the audit outbox (a
    /// request's audit event is written in the same transaction as its change).
    static let appendOnlyTables: Set<String> = ["audit_outbox"]

    /// Creates the role if it can, then enables RLS with the tenant policy on every org table.
    /// Returns whether scoped transactions can use the role (false when the database user may
    /// neither create nor become it; the repositories' filters still apply).
    @discardableResult
    static func ensure(_ db: any SQLDatabase) async throws -> Bool {
        // Roles are cluster-wide: another database of the cluster may create it at the same time.
        try await db.raw("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parley_tenant') THEN
                CREATE ROLE parley_tenant NOLOGIN;
              END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN NULL;
            END $$
            """).run()
        try await db.raw("""
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parley_tenant')
                 AND NOT pg_has_role(current_user, 'parley_tenant', 'MEMBER') THEN
                GRANT parley_tenant TO CURRENT_USER;
              END IF;
            EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
            END $$
            """).run()
        let usable = try await db.raw("""
            SELECT 1 AS ok FROM pg_roles WHERE rolname = 'parley_tenant' AND pg_has_role(current_user, oid, 'MEMBER')
            """).first() != nil
        guard usable else { return false }
        let tables = try await db.raw("""
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name
            """).all().map { try $0.decode(column: "table_name", as: String.self) }
        try await db.raw("GRANT USAGE ON SCHEMA public TO parley_tenant").run()
        for table in tables where appendOnlyTables.contains(table) {
            try await db.raw("GRANT INSERT ON \(unsafeRaw: table) TO parley_tenant").run()
        }
        for table in tables where !excludedTables.contains(table) {
            // Table names come from the catalog and are checked to be plain identifiers.
            guard table.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { continue }
            try await db.raw("GRANT SELECT, INSERT, UPDATE, DELETE ON \(unsafeRaw: table) TO parley_tenant").run()
            try await db.raw("ALTER TABLE \(unsafeRaw: table) ENABLE ROW LEVEL SECURITY").run()
            let exists = try await db.raw("""
                SELECT 1 AS ok FROM pg_policies WHERE schemaname = current_schema() AND tablename = \(bind: table) AND policyname = 'parley_tenant_isolation'
                """).first() != nil
            if !exists {
                try await db.raw("""
                    CREATE POLICY parley_tenant_isolation ON \(unsafeRaw: table) TO parley_tenant
                    USING (org_id = current_setting('parley.org_id', true))
                    WITH CHECK (org_id = current_setting('parley.org_id', true))
                    """).run()
            }
        }
        return true
    }
}
