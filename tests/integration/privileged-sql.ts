// A connection that bypasses the portal: what an attacker with database access
// (or a careless operator) could do. Used to prove the audit chain notices.
import Database from "better-sqlite3";
import pg from "pg";

export type PrivilegedSql = {
  kind: "sqlite" | "postgresql";
  execute: (sql: string, params?: unknown[]) => Promise<number>;
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  dropAuditTriggers: () => Promise<void>;
  close: () => Promise<void>;
};

export async function privilegedSql(databaseUrl: string): Promise<PrivilegedSql> {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(databaseUrl.replace(/^file:/, ""));
    db.pragma("busy_timeout = 5000");
    return {
      kind: "sqlite",
      execute: async (sql, params = []) => db.prepare(sql.replace(/\$\d+/g, "?")).run(...params).changes,
      query: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[],
      dropAuditTriggers: async () => {
        db.exec(`DROP TRIGGER IF EXISTS "AuditEvent_no_update"; DROP TRIGGER IF EXISTS "AuditEvent_no_delete";`);
      },
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    kind: "postgresql",
    execute: async (sql, params = []) => (await client.query(sql, params)).rowCount ?? 0,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    dropAuditTriggers: async () => {
      await client.query(
        `DROP TRIGGER IF EXISTS "AuditEvent_no_update_delete" ON "AuditEvent"; DROP TRIGGER IF EXISTS "AuditEvent_no_truncate" ON "AuditEvent";`,
      );
    },
    close: () => client.end(),
  };
}
