/**
 * `npx tsx bench/rate-limit.ts`: what one rate-limit check costs now that the
 * windows live in the database (decision 0059), against the former in-memory
 * limiter measured in the same run (the floor), on SQLite and, when it answers,
 * PostgreSQL (BENCH_PG_URL, default the test server). For scale, the same run
 * times the argon2id check a failed login pays anyway. Writes
 * bench/results/rate-limit.json.
 *
 * Three loads per store, one check at a time (the added latency a request sees):
 * - allowed: each check a new key (a login from a new address): one upsert;
 * - refused: a key over its limit (a guesser): the upsert that claims nothing, then one count;
 * - burst: 40 checks of one key at once (a held-down button, limit 5), per check.
 * A second floor is one autocommit write of one row through the same client: the least
 * any check kept in that database can cost.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import argon2 from "argon2";
import pg from "pg";
import type { Db } from "../app/utils/db.server";

const root = path.resolve(import.meta.dirname, "..");
const file = path.join(root, "bench/tmp-rate-limit.db");
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2_000);
const BURSTS = Number(process.env.BENCH_BURSTS ?? 50);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

/** The limiter as it was before decision 0059: a sliding log per key in process memory. */
class MemoryRateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  hit(key: string, now = Date.now()): number {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit)
      return Math.min(Math.ceil((Math.min(...recent) + this.windowMs - now) / 1000), Math.ceil(this.windowMs / 1000));
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }
}

type Limiter = { hit: (key: string, now?: number) => number | Promise<number> };
type Figures = { per_check_us: number; p50_us: number; p95_us: number; p99_us: number };

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
function figures(samples: number[], total: number, count: number): Figures {
  const sorted = samples.toSorted((a, b) => a - b);
  return {
    per_check_us: (total / count) * 1000,
    p50_us: quantile(sorted, 0.5) * 1000,
    p95_us: quantile(sorted, 0.95) * 1000,
    p99_us: quantile(sorted, 0.99) * 1000,
  };
}

async function sequential(check: (i: number) => number | Promise<number>, count: number, expectWait: (wait: number) => boolean) {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const wait = await check(i);
    samples.push(performance.now() - t);
    if (!expectWait(wait)) throw new Error(`check ${i} answered ${wait}`);
  }
  return figures(samples, performance.now() - started, count);
}

// An hour's window: no hit leaves it while the run lasts, so every refused check stays refused.
const WINDOW_MS = 3_600_000;

async function measure(make: (name: string, limit: number, windowMs: number) => Limiter, run: string) {
  const login = make(`bench-${run}-login`, 10, WINDOW_MS);
  const guessed = make(`bench-${run}-guessed`, 5, WINDOW_MS);
  const submits = make(`bench-${run}-submit`, 5, WINDOW_MS);
  for (let i = 0; i < 5; i++) await guessed.hit("guessed@example.kg");
  // Warm-up: statement caches, JIT, connections.
  for (let i = 0; i < 100; i++) await login.hit(`warm-${run}-${i}`);
  const allowed = await sequential(
    (i) => login.hit(`203.0.${i >> 8}.${i & 255}-${run}`),
    CHECKS,
    (wait) => wait === 0,
  );
  const refused = await sequential(
    () => guessed.hit("guessed@example.kg"),
    CHECKS,
    (wait) => wait > 0,
  );
  const samples: number[] = [];
  const started = performance.now();
  for (let b = 0; b < BURSTS; b++) {
    const t = performance.now();
    const waits = await Promise.all(Array.from({ length: 40 }, () => submits.hit(`user-${b}`)));
    samples.push((performance.now() - t) / 40);
    const through = waits.filter((wait) => wait === 0).length;
    if (through !== 5) throw new Error(`burst ${b}: ${through} of 40 let through, expected 5`);
  }
  const burst = figures(samples, performance.now() - started, BURSTS * 40);
  return { allowed, refused, burst };
}

/**
 * The least a store can do per check: one autocommit write of one row through the same client
 * (on SQLite with synchronous=FULL, the commit's fsync is most of it).
 */
async function writeFloor(db: Db) {
  let n = 0;
  const write =
    () => db.$executeRaw`INSERT INTO "RateLimitHit" ("limiter", "key", "slot", "at") VALUES ('bench-floor', 'k', 0, ${BigInt(++n)})
    ON CONFLICT ("limiter", "key", "slot") DO UPDATE SET "at" = excluded."at"`;
  for (let i = 0; i < 100; i++) await write();
  return sequential(write, CHECKS, () => true);
}

const ratio = (store: Awaited<ReturnType<typeof measure>>, floor: Awaited<ReturnType<typeof measure>>) => ({
  allowed: store.allowed.per_check_us / floor.allowed.per_check_us,
  refused: store.refused.per_check_us / floor.refused.per_check_us,
  burst: store.burst.per_check_us / floor.burst.per_check_us,
});

function migrate(url: string) {
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
}

// ── SQLite: a fresh migrated file, the portal's own client (serialized adapter, WAL, synchronous=FULL). ──
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
migrate(`file:${file}`);
process.env.DATABASE_URL = `file:${file}`;
process.env.SESSION_SECRET ??= "bench-secret-bench-secret-bench-secret";
const { RateLimiter } = await import("../app/utils/rate-limit.server");
const { createPrismaClient } = await import("../app/utils/db.server");

const memory = await measure((_name, limit, windowMs) => new MemoryRateLimiter(limit, windowMs), "memory");
const sqliteDb = createPrismaClient(`file:${file}`);
const sqlite = await measure((name, limit, windowMs) => new RateLimiter(name, limit, windowMs, sqliteDb), "sqlite");
const sqliteWrite = await writeFloor(sqliteDb);
await sqliteDb.$disconnect();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });

// ── PostgreSQL, when a server answers: a scratch database. ──
let postgresql: Awaited<ReturnType<typeof measure>> | null = null;
let postgresqlWrite: Figures | null = null;
let postgresqlSkipped: string | null = null;
const scratch = `bench_rate_limit_${process.pid}`;
const scratchUrl = Object.assign(new URL(PG_URL), { pathname: `/${scratch}` }).toString();
const admin = new pg.Client({ connectionString: PG_URL });
try {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${scratch}`);
  migrate(scratchUrl);
  const pgDb = createPrismaClient(scratchUrl);
  postgresql = await measure((name, limit, windowMs) => new RateLimiter(name, limit, windowMs, pgDb), "postgresql");
  postgresqlWrite = await writeFloor(pgDb);
  await pgDb.$disconnect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
} catch (error) {
  postgresqlSkipped = error instanceof Error ? error.message : String(error);
} finally {
  await admin.end().catch(() => undefined);
}

// ── For scale: the password check a failed login pays anyway (argon2id, 19 MiB, 2 passes). ──
const hash = await argon2.hash("Karakol-2026", { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
const argonSamples: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await argon2.verify(hash, `wrong-${i}`);
  argonSamples.push(performance.now() - t);
}
const argonMedianMs = quantile(
  argonSamples.toSorted((a, b) => a - b),
  0.5,
);

const results = {
  checks: CHECKS,
  bursts: BURSTS,
  memory,
  sqlite,
  postgresql,
  postgresql_skipped: postgresqlSkipped,
  sqlite_one_row_write: sqliteWrite,
  postgresql_one_row_write: postgresqlWrite,
  ratio_sqlite: ratio(sqlite, memory),
  ratio_postgresql: postgresql ? ratio(postgresql, memory) : null,
  allowed_vs_one_row_write: {
    sqlite: sqlite.allowed.per_check_us / sqliteWrite.per_check_us,
    postgresql: postgresql && postgresqlWrite ? postgresql.allowed.per_check_us / postgresqlWrite.per_check_us : null,
  },
  argon2_verify_median_ms: argonMedianMs,
  load: os.loadavg(),
  node: process.version,
  at: new Date().toISOString(),
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/rate-limit.json"), JSON.stringify(results, null, 2) + "\n");

const row = (label: string, store: Awaited<ReturnType<typeof measure>>, r?: ReturnType<typeof ratio>) =>
  (["allowed", "refused", "burst"] as const)
    .map(
      (load) =>
        `${label.padEnd(10)} ${load.padEnd(8)} ${store[load].per_check_us.toFixed(1).padStart(9)} µs/check  p95 ${store[load].p95_us.toFixed(1).padStart(8)} µs${r ? `  ${r[load].toFixed(0).padStart(5)} x memory` : ""}`,
    )
    .join("\n");
console.log(row("memory", memory));
console.log(row("sqlite", sqlite, results.ratio_sqlite));
console.log(postgresql ? row("postgresql", postgresql, results.ratio_postgresql!) : `postgresql skipped: ${postgresqlSkipped}`);
const floorRow = (label: string, f: Figures | null) =>
  f
    ? console.log(`${label.padEnd(10)} 1-row write ${f.per_check_us.toFixed(1).padStart(6)} µs  p95 ${f.p95_us.toFixed(1).padStart(8)} µs`)
    : undefined;
floorRow("sqlite", sqliteWrite);
floorRow("postgresql", postgresqlWrite);
console.log(
  `argon2id verify (a failed login's password check): ${argonMedianMs.toFixed(1)} ms median; the SQLite check adds ${((sqlite.allowed.per_check_us / 1000 / argonMedianMs) * 100).toFixed(1)} % of it` +
    (postgresql ? `, PostgreSQL ${((postgresql.allowed.per_check_us / 1000 / argonMedianMs) * 100).toFixed(1)} %` : ""),
);
process.exit(0);
