import { readdirSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "~/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "~/generated/postgresql/client";
import { postgresAdapterFactory, sqliteAdapterFactory, SQLITE_PRAGMAS } from "./db-adapters.server";
import { getEnv } from "./env.server";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DatabaseKind = "sqlite" | "postgresql";

// Transactions queue behind one another on SQLite (one writer); under a
// deadline rush the wait for a turn can exceed Prisma's 2 s default.
const transactionOptions = { maxWait: 20_000, timeout: 20_000 };

/**
 * Each provider has its own generated client (the query compiler is per
 * provider); both are generated from one schema and expose the same API, so
 * the rest of the portal types against the SQLite one.
 */
export function createPrismaClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    return new PrismaClient({ adapter: sqliteAdapterFactory(url), transactionOptions });
  }
  // cast: the two generated clients are one schema's API, but the compiler overflows its stack comparing them (TS2321)
  return new PostgresClient({ adapter: postgresAdapterFactory(url), transactionOptions }) as PrismaClient;
}

export function databaseKindOf(url: string): DatabaseKind {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

declare global {
  // Survives the dev server's module reloads; one client (one SQLite writer) per process.
  var __prisma: PrismaClient | undefined;
}

export const prisma: PrismaClient = (globalThis.__prisma ??= createPrismaClient(getEnv().DATABASE_URL));

export function databaseKind(): DatabaseKind {
  return databaseKindOf(getEnv().DATABASE_URL);
}

/** Fails start-up when SQLite is not running with the pragmas the portal relies on. */
export async function assertSqlitePragmas(client: PrismaClient) {
  const read = async (name: string) => {
    const rows = await client.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    return String(Object.values(rows[0] ?? {})[0]).toLowerCase();
  };
  for (const [name, expected] of Object.entries(SQLITE_PRAGMAS)) {
    const actual = await read(name);
    if (actual !== String(expected)) {
      throw new Error(`SQLite pragma ${name} is ${actual}, expected ${expected}`);
    }
  }
}

/** The migrations folder of a database kind (the PostgreSQL one is derived, decision 0001). */
export function migrationsDir(kind: DatabaseKind) {
  return path.resolve(kind === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations");
}

/**
 * The migrations this code ships that the database has not applied (all of
 * them on an empty database). A migration the database has and this code
 * does not (a newer release already migrated) is not pending.
 */
export async function pendingMigrations(client: PrismaClient, kind: DatabaseKind): Promise<string[]> {
  const shipped = readdirSync(migrationsDir(kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  let applied: { migration_name: string }[];
  try {
    applied = await client.$queryRawUnsafe(
      `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
    );
  } catch (error) {
    if (/_prisma_migrations/.test(String(error)) && /no such table|does not exist/i.test(String(error))) return shipped;
    throw error;
  }
  const done = new Set(applied.map((row) => row.migration_name));
  return shipped.filter((name) => !done.has(name));
}
