import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// Tests run against SQLite unless TEST_DB=postgresql (the CI's second leg).
export const testDatabaseKind = process.env.TEST_DB === "postgresql" ? "postgresql" : "sqlite";
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
const root = path.resolve(import.meta.dirname, "../..");
export const TEST_DATA_DIR = path.join(root, "test-data");

// Each test run has its own template (named after the run's main process), so runs that overlap
// on one machine (two engineers, or CI beside a developer) never rebuild each other's template.
export type TemplateId = string;
const pgTemplate = (id: TemplateId) => `portal_test_template_${id}`;
const sqliteTemplate = (id: TemplateId) => path.join(TEST_DATA_DIR, `template-${id}.db`);

function pgUrl(database: string) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export function migrate(databaseUrl: string) {
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** Once per run: a migrated template that every test file copies. */
export async function prepareTemplate(id: TemplateId) {
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  if (testDatabaseKind === "sqlite") {
    rmSync(sqliteTemplate(id), { force: true });
    migrate(`file:${sqliteTemplate(id)}`);
    return;
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate(id)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${pgTemplate(id)}`);
  await admin.end();
  migrate(pgUrl(pgTemplate(id)));
}

export async function removeTemplate(id: TemplateId) {
  if (testDatabaseKind === "sqlite") {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteTemplate(id) + suffix, { force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate(id)} WITH (FORCE)`);
  await admin.end();
}

/** A fresh, migrated, empty database; returns its URL and a function that drops it. */
export async function createTestDatabase(template: TemplateId): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
  if (testDatabaseKind === "sqlite") {
    const file = path.join(TEST_DATA_DIR, `${name}.db`);
    copyFileSync(sqliteTemplate(template), file);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate(template)}`);
  await admin.end();
  return {
    url: pgUrl(name),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
