/**
 * `npm run bench:sync`: the price of durability. The same audited write (an
 * idempotency record and an audit event in one transaction, as a submission
 * does) on SQLite with synchronous=FULL (the portal's setting) and NORMAL, in
 * one run. Goal: FULL at least 0.40 x NORMAL. Writes bench/results/sync.json.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const OPS = Number(process.env.BENCH_OPS ?? 3000);
const CONCURRENCY = 20;

async function measure(mode: "FULL" | "NORMAL") {
  const file = path.join(root, "bench/tmp", `sync-${mode}.db`);
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const url = `file:${file}`;
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  process.env.DATABASE_URL = url;
  const { createPrismaClient } = await import("../app/utils/db.server");
  const { recordAudit } = await import("../app/domains/audit/audit.server");
  const db = createPrismaClient(url);
  await db.$executeRawUnsafe(`PRAGMA synchronous = ${mode}`);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) {
        const i = next++;
        await db.$transaction(async (tx) => {
          await tx.idempotencyRecord.create({ data: { key: `${mode}-${i}`, scope: "bench", actorId: "bench", response: { i } } });
          await recordAudit(tx, { actor: null, action: "bench.write", entityType: "Bench", entityId: String(i), after: { i } });
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await db.$disconnect();
  return OPS / seconds;
}

const normal = await measure("NORMAL");
const full = await measure("FULL");
const result = { ops: OPS, concurrency: CONCURRENCY, full_per_s: full, normal_per_s: normal, ratio: full / normal };
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/sync.json"), JSON.stringify(result, null, 2) + "\n");
console.log(`synchronous=FULL ${full.toFixed(0)}/s, NORMAL ${normal.toFixed(0)}/s: ratio ${result.ratio.toFixed(2)} (goal >= 0.40)`);
