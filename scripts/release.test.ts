// Start N at once (issue 16, item 2; decision 0056): release steps (`npm run db:deploy`) started
// together on one fresh database all succeed, migrate it once and load the demo exactly once.
// Before the release lock, 3 to 5 of 9 processes crashed (Prisma's migration lock timed out, the
// demo seed hit a unique key).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, migrationsDir, pendingMigrations } from "~/utils/db.server";
import { DEMO_ACCOUNTS } from "../prisma/seed-demo";
import { PG_ADMIN_URL, TEST_DATA_DIR, testDatabaseKind } from "../tests/setup/test-database";

const root = path.resolve(import.meta.dirname, "..");
const work = path.join(TEST_DATA_DIR, `release-${process.pid}-${randomBytes(3).toString("hex")}`);
const cleanups: (() => Promise<void>)[] = [];
// As many as two cores shared with other work can start within a few seconds of each other.
const PROCESSES = 6;

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A database nothing has touched: a file that does not exist yet, or an empty PostgreSQL database. */
async function freshDatabase(kind: "sqlite" | "postgresql") {
  if (kind === "sqlite") {
    mkdirSync(work, { recursive: true });
    return `file:${path.join(work, "portal.db")}`;
  }
  const name = `release_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function deploy(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/db-deploy.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        SEED_DEMO: "true",
        SESSION_SECRET: "release-test-secret-release-test-secret",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

// Both databases on the PostgreSQL leg; SQLite alone where no PostgreSQL is given.
const kinds = testDatabaseKind === "postgresql" ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)(`npm run db:deploy started ${PROCESSES} times at once on one fresh %s database`, (kind) => {
  it("exits 0 every time, applies every migration and loads the demo exactly once", async () => {
    const url = await freshDatabase(kind);
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => deploy(url)));
    const failures = runs.filter((run) => run.code !== 0).map((run) => run.output);
    expect(failures, failures.join("\n-----\n")).toEqual([]);
    // One run migrated and seeded; the others found it done.
    const all = runs.map((run) => run.output).join("\n");
    expect(all.match(/✔ loaded the Karakol demo data/g)).toHaveLength(1);
    expect(all.match(/✔ migrated the \w+ database/g)).toHaveLength(1);
    expect(all.match(/database already has data; demo not loaded/g)).toHaveLength(PROCESSES - 1);

    const db = createPrismaClient(url);
    try {
      expect(await pendingMigrations(db, kind)).toEqual([]);
      const shipped = readdirSync(migrationsDir(kind), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
      expect(await db.$queryRawUnsafe<unknown[]>(`SELECT "migration_name" FROM "_prisma_migrations"`)).toHaveLength(shipped);
      expect(await db.user.count()).toBe(Object.keys(DEMO_ACCOUNTS).length);
      expect(await db.municipality.count({ where: { slug: "karakol" } })).toBe(1);
    } finally {
      await db.$disconnect();
    }

    // A later release on the same database changes nothing and says so.
    const again = await deploy(url);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/up to date \(no pending migration\)/);
  }, 600_000);
});
