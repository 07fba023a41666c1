/**
 * `npm run backup [target-dir]`: an online backup while the portal runs.
 * SQLite: SQLite's backup API copies the database from this process's own
 * connection, then the copy is integrity-checked. The files folder is copied
 * beside it. PostgreSQL: use pg_dump (see the README).
 *
 * The copy is taken in one step, inside one read transaction: in WAL mode a
 * reader never blocks the portal's writer (it only holds back checkpoints
 * until it ends), and this runs in its own process (niced by the npm script),
 * so the portal's event loop is not involved. Small steps would not help the
 * portal and cannot finish under load: SQLite restarts a stepwise backup
 * whenever another connection writes between two steps (seen: a 120 MB
 * database under submit load still copying after 14 minutes).
 */
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { parseEnv, sqlitePath } from "../app/utils/env.server";

// The backup signs no cookies; a production shell without the secret must still be able to run it.
process.env.SESSION_SECRET ||= randomBytes(32).toString("hex");
const env = parseEnv(process.env);
if (env.databaseKind !== "sqlite") {
  console.error("DATABASE_URL is PostgreSQL: back it up with pg_dump -Fc (see the README).");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = path.resolve(process.argv[2] ?? "backups", stamp);
mkdirSync(target, { recursive: true });

const source = new Database(sqlitePath(env.DATABASE_URL), { readonly: true, fileMustExist: true });
source.pragma("busy_timeout = 5000");
const file = path.join(target, "portal.db");
const started = performance.now();
await source.backup(file, {
  // The first step copies 100 pages; the next takes all that remain, restarting from page 1 if a write came in between.
  progress: ({ totalPages }) => totalPages + 1,
});
source.close();

const copy = new Database(file, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`The backup failed its integrity check: ${String(check)}`);
  process.exit(1);
}
const storage = path.resolve(env.STORAGE_DIR);
if (existsSync(storage)) cpSync(storage, path.join(target, "files"), { recursive: true });
console.log(`Backed up to ${target} in ${Math.round(performance.now() - started)} ms (integrity ok).`);
