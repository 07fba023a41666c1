/**
 * `npm run backup [target-dir]`: an online backup while the portal runs.
 * SQLite: better-sqlite3's backup API copies the database page by page in
 * small steps from its own connection (WAL readers do not block the portal's
 * writer), then the copy is integrity-checked. The files folder is copied
 * beside it. PostgreSQL: use pg_dump (see the README).
 */
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { parseEnv, sqlitePath } from "../app/utils/env.server";

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
  // A few hundred pages per step keeps each step short; returning a positive number continues.
  progress: ({ remainingPages }) => (remainingPages > 0 ? 256 : 0),
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
