/**
 * The release step (decision 0056): migrate the database, then load the demo
 * into an empty one if asked. Any number of processes may run it at once on
 * one database: they take one lock in turn, so the first migrates and seeds
 * and the others find nothing left to do. `npm run db:deploy` runs it alone;
 * `npm start` runs it before serving unless SKIP_RELEASE=1.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
// Only env.server statically: db.server reads the environment when imported, which the callers set first.
import { sqlitePath } from "../app/utils/env.server";

const root = path.resolve(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One advisory-lock key for the portal's release step, apart from Prisma's own migration lock.
const RELEASE_LOCK_KEY = createHash("sha256").update("social-order-portal release step").digest().readBigInt64BE(0);

/** How long a release step waits for another one to finish before it gives up. */
const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Runs `work` while holding the database's release lock: a PostgreSQL
 * session advisory lock, or on SQLite an exclusive lock on a file beside the
 * database (`<file>.release-lock`). Both are released by the operating system
 * or the server if the process dies, so a crashed release never blocks the next.
 */
export async function withReleaseLock<T>(
  databaseUrl: string,
  work: () => Promise<T>,
  log: (line: string) => void = console.log,
): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  const waiting = () => {
    if (!told) log("… another instance is running the release step (migrations, demo data); waiting for it");
    told = true;
    if (Date.now() > deadline) throw new Error(`the release lock was not free within ${LOCK_WAIT_MS / 60_000} minutes`);
    return sleep(250 + Math.random() * 250);
  };

  if (databaseUrl.startsWith("file:")) {
    const file = `${sqlitePath(databaseUrl)}.release-lock`;
    mkdirSync(path.dirname(file), { recursive: true });
    // timeout 0: a busy lock is polled here, never waited for inside SQLite (which would block the event loop).
    const lock = new Database(file, { timeout: 0 });
    try {
      for (;;) {
        try {
          lock.exec("BEGIN EXCLUSIVE");
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
          await waiting();
        }
      }
      try {
        return await work();
      } finally {
        lock.exec("COMMIT");
      }
    } finally {
      lock.close();
    }
  }

  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    while (
      !(await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [RELEASE_LOCK_KEY.toString()])).rows[0]!.locked
    )
      await waiting();
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [RELEASE_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

// Another migrator (an operator's own `prisma migrate deploy`) can still hold Prisma's lock; that is waited out.
const RETRYABLE = /advisory lock|P1002|database is locked|SQLITE_BUSY/i;

/** `prisma migrate deploy` on the database, retried while another migrator holds the database. */
export async function migrate(databaseUrl: string, log: (line: string) => void = console.log) {
  for (let attempt = 1; ; attempt++) {
    const { code, output } = await run(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
      ...process.env,
      DATABASE_URL: databaseUrl,
    });
    if (code === 0) return;
    if (attempt < 8 && RETRYABLE.test(output)) {
      log(`… the database is busy with another migration; trying again (${attempt})`);
      await sleep(1000 * attempt);
      continue;
    }
    throw new Error(`prisma migrate deploy failed:\n${output.trim()}`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/**
 * Migrates, then (when `seedDemo`) loads the demo into an empty database,
 * both under the release lock. Returns what it did. The portal's client
 * (app/utils/db.server) must be on the same database: DATABASE_URL is set.
 */
export async function release(databaseUrl: string, options: { seedDemo: boolean; log?: (line: string) => void }) {
  const log = options.log ?? console.log;
  return withReleaseLock(
    databaseUrl,
    async () => {
      const started = performance.now();
      const kind = databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
      const { prisma, pendingMigrations } = await import("../app/utils/db.server");
      // The instances after the first find nothing to do, without starting the migration engine.
      const pending = await pendingMigrations(prisma, kind);
      if (pending.length) {
        // An open SQLite connection of this process makes the migration engine's writes wait (SQLITE_BUSY).
        await prisma.$disconnect();
        await migrate(databaseUrl, log);
        log(`✔ migrated the ${kind} database: ${pending.length} migration(s) applied (${Math.round(performance.now() - started)} ms)`);
      } else log(`✔ the ${kind} database is up to date (no pending migration)`);
      const migrated = pending.length;
      if (!options.seedDemo) return { migrated, seeded: false };
      const { seedDemoIfEmpty } = await import("../prisma/seed-demo");
      const seeded = await seedDemoIfEmpty(prisma);
      log(seeded ? "✔ loaded the Karakol demo data" : "✔ database already has data; demo not loaded");
      return { migrated, seeded };
    },
    log,
  );
}
