/**
 * `npm run backup [target-dir]`: an online backup while the portal runs.
 * SQLite: SQLite's backup API copies the database from this process's own
 * connection, then the copy is integrity-checked. The files folder is copied
 * beside it. PostgreSQL: use pg_dump (see the README).
 *
 * The copy is read in one read transaction (sqlite3_serialize): in WAL mode
 * a reader never blocks the portal's writer, and this runs in its own process
 * (niced by the npm script), so the portal's event loop is not involved. A
 * stepwise backup cannot finish under load: SQLite restarts it whenever
 * another connection writes between two steps (seen: a 120 MB database under
 * submit load still copying after 14 minutes).
 *
 * The image is then written in chunks, each flushed to disk before the next:
 * the portal fsyncs its WAL on every commit, and an fsync waits behind all
 * the dirty data of the file system, so 100 MB written at once stalled the
 * portal's commits (and its event loop) for hundreds of milliseconds.
 */
import { randomBytes } from "node:crypto";
import { closeSync, cpSync, existsSync, fdatasyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
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
const image = source.serialize();
source.close();
const CHUNK = 4 * 2 ** 20;
const fd = openSync(file, "w");
try {
  for (let offset = 0; offset < image.length; offset += CHUNK) {
    writeSync(fd, image, offset, Math.min(CHUNK, image.length - offset));
    fdatasyncSync(fd);
    // Leaves the disk to the portal's commits for a moment between chunks.
    await sleep(20);
  }
} finally {
  closeSync(fd);
}

// Opened read-write: the image is in WAL mode, and a read-only connection cannot create its -shm.
const copy = new Database(file);
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`The backup failed its integrity check: ${String(check)}`);
  process.exit(1);
}
const storage = path.resolve(env.STORAGE_DIR);
if (existsSync(storage)) cpSync(storage, path.join(target, "files"), { recursive: true });
console.log(`Backed up to ${target} in ${Math.round(performance.now() - started)} ms (integrity ok).`);
