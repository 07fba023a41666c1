/**
 * `npm run backup [target-dir]`: an online backup while the portal runs, of
 * the database and of the stored files in either FILE_STORE mode (decision
 * 0060): with FILE_STORE=database the files are rows of the database and come
 * with it; with FILE_STORE=disk the STORAGE_DIR folder is copied beside it
 * (it is copied whenever it exists, so files not yet moved by
 * `npm run files:to-database` are kept too).
 *
 * SQLite: SQLite's backup API copies the database from this process's own
 * connection, then the copy is integrity-checked. PostgreSQL: pg_dump -Fc
 * (PostgreSQL's client tools, the server's major version or newer, on PATH)
 * writes a consistent online dump, whose table of contents is then read back
 * with pg_restore --list.
 *
 * The SQLite copy is read in one read transaction (sqlite3_serialize): in WAL mode
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
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, cpSync, existsSync, fdatasyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { parseEnv, sqlitePath } from "../app/utils/env.server";

// The backup signs no cookies; a production shell without the secret must still be able to run it.
process.env.SESSION_SECRET ||= randomBytes(32).toString("hex");
const env = parseEnv(process.env);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = path.resolve(process.argv[2] ?? "backups", stamp);
const storage = path.resolve(env.STORAGE_DIR);
const filesNote = () =>
  env.FILE_STORE === "database"
    ? `files in the database${existsSync(storage) ? `, and ${storage} copied to files/` : ""}`
    : existsSync(storage)
      ? "files/ copied from STORAGE_DIR"
      : `no files yet (${storage} does not exist)`;
const copyStorage = () => {
  if (existsSync(storage))
    cpSync(storage, path.join(target, "files"), { recursive: true, filter: (source) => path.basename(source) !== ".incoming" });
};

if (env.databaseKind === "postgresql") {
  mkdirSync(target, { recursive: true });
  const started = performance.now();
  const dump = path.join(target, "portal.dump");
  const url = new URL(env.DATABASE_URL);
  // Keys only Prisma understands; libpq (pg_dump) refuses unknown ones.
  for (const key of ["schema", "connection_limit", "pool_timeout", "pgbouncer", "socket_timeout", "statement_cache_size"])
    url.searchParams.delete(key);
  const dumped = spawnSync("pg_dump", ["-Fc", "-d", url.toString(), "-f", dump], { stdio: ["ignore", "inherit", "inherit"] });
  const listed = dumped.status === 0 ? spawnSync("pg_restore", ["--list", dump], { encoding: "utf8" }) : null;
  if (dumped.error || dumped.status !== 0 || !listed || listed.status !== 0) {
    rmSync(target, { recursive: true, force: true });
    const missing =
      (dumped.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT" ||
      (listed?.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
    console.error(
      missing
        ? "pg_dump/pg_restore not found: install PostgreSQL's client tools (apt-get install postgresql-client, the server's major version or newer), or run pg_dump on the database machine (see the README)."
        : `pg_dump failed (exit ${dumped.status ?? "none"}): the backup was not taken; see its message above.`,
    );
    process.exit(1);
  }
  copyStorage();
  const chunks = /TABLE DATA public "?FileChunk"?/.test(listed.stdout) ? "FileChunk included" : "no FileChunk table";
  console.log(`Backed up to ${target} in ${Math.round(performance.now() - started)} ms (pg_dump archive ok, ${chunks}; ${filesNote()}).`);
  process.exit(0);
}

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
copyStorage();
console.log(`Backed up to ${target} in ${Math.round(performance.now() - started)} ms (integrity ok; ${filesNote()}).`);
