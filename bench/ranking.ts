/**
 * `npm run bench:ranking`: the chair's ranking board (getDecisionBoard, exactly
 * what /review/:callId/board runs) on one call with 1,000 proposals, a
 * commission of 5 scorers and 8 criteria (40,000 scores), against the same
 * ranking computed from hand-written SQL on a raw better-sqlite3 connection in
 * the same run. Both must agree on every final score and rank. Writes
 * bench/results/ranking.json (ratio = loader median / raw median; goal <= 5).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "..");
const file = path.join(root, "bench/tmp-ranking.db");
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 1_000);
const SCORERS = 5;
const CRITERIA = 8;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: `file:${file}` },
  stdio: "ignore",
});

// ── Data: raw inserts (fast), shaped as the portal writes it. ──
const raw = new Database(file);
raw.pragma("journal_mode = WAL");
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
const now = new Date("2026-11-01T00:00:00Z");
const weights = [20, 15, 15, 10, 10, 10, 10, 10];
const maxes = [10, 10, 5, 10, 20, 10, 5, 10];
const t0 = Date.now();
raw.transaction(() => {
  raw
    .prepare(
      `INSERT INTO "Municipality" (id, slug, nameKy, nameRu, nameEn, region, createdAt) VALUES ('m', 'karakol', 'К', 'К', 'K', 'IK', ?)`,
    )
    .run(iso(now));
  const user = raw.prepare(
    `INSERT INTO "User" (id, email, fullName, passwordHash, locale, status, createdAt, updatedAt) VALUES (?, ?, ?, 'x', 'ru', 'ACTIVE', ?, ?)`,
  );
  user.run("officer", "officer@x.kg", "Officer", iso(now), iso(now));
  raw
    .prepare(
      `INSERT INTO "BudgetProgramme" (id, municipalityId, code, nameKy, nameRu, nameEn, createdAt) VALUES ('p', 'm', 'P', 'П', 'П', 'P', ?)`,
    )
    .run(iso(now));
  raw
    .prepare(
      `INSERT INTO "Appropriation" (id, programmeId, fiscalYear, amount, allocated, committed, disbursed, returned, createdAt) VALUES ('a', 'p', 2026, ?, ?, 0, 0, 0, ?)`,
    )
    .run(10n ** 12n, 10n ** 11n, iso(now));
  raw
    .prepare(
      `INSERT INTO "Call" (id, municipalityId, appropriationId, reference, status, titleRu, envelope, committed, minGrant, maxGrant, minScore, submissionDeadline, createdAt, updatedAt)
       VALUES ('c', 'm', 'a', 'SZ-BENCH', 'IN_REVIEW', 'Конкурс', ?, 0, ?, ?, 50, ?, ?, ?)`,
    )
    .run(50_000_000_00n, 10_000_00n, 300_000_00n, iso(new Date(now.getTime() - 86_400_000)), iso(now), iso(now));
  const criterion = raw.prepare(
    `INSERT INTO "CallCriterion" (id, callId, position, nameKy, nameRu, nameEn, maxScore, weight) VALUES (?, 'c', ?, ?, ?, ?, ?, ?)`,
  );
  for (let k = 0; k < CRITERIA; k++)
    criterion.run(`k${k}`, k + 1, `Критерий ${k}`, `Критерий ${k}`, `Criterion ${k}`, maxes[k]!, weights[k]!);
  const seat = raw.prepare(
    `INSERT INTO "CommissionMembership" (id, callId, userId, role, affiliations, appointedById, appointedAt) VALUES (?, 'c', ?, ?, '[]', 'officer', ?)`,
  );
  for (let s = 0; s < SCORERS; s++) {
    user.run(`u${s}`, `member${s}@x.kg`, `Член ${s}`, iso(now), iso(now));
    seat.run(`s${s}`, `u${s}`, s === 0 ? "CHAIR" : "MEMBER", iso(now));
  }
  const org = raw.prepare(
    `INSERT INTO "Organization" (id, nameKy, nameRu, nameEn, legalForm, registrationNumber, tin, registeredOn, region, address, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'PUBLIC_UNION', ?, ?, ?, 'IK', 'K', ?, ?)`,
  );
  const proposal = raw.prepare(
    `INSERT INTO "Proposal" (id, callId, organizationId, reference, status, title, requestedTotal, submittedAt, createdById, createdAt, updatedAt) VALUES (?, 'c', ?, ?, 'ELIGIBLE', ?, ?, ?, 'officer', ?, ?)`,
  );
  const declaration = raw.prepare(
    `INSERT INTO "ConflictDeclaration" (id, membershipId, organizationId, hasConflict, reason, declaredAt) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const sheet = raw.prepare(`INSERT INTO "ScoreSheet" (id, proposalId, membershipId, submittedAt, createdAt) VALUES (?, ?, ?, ?, ?)`);
  const score = raw.prepare(
    `INSERT INTO "Score" (id, proposalId, membershipId, criterionId, score, comment, updatedAt) VALUES (?, ?, ?, ?, ?, 'Обосновано', ?)`,
  );
  const consensus = raw.prepare(
    `INSERT INTO "ConsensusRecord" (id, proposalId, criterionId, score, rationale, chairId, createdAt) VALUES (?, ?, ?, ?, 'Решено на заседании', 'u0', ?)`,
  );
  for (let i = 0; i < PROPOSALS; i++) {
    org.run(`o${i}`, `Уюм ${i}`, `Организация ${i}`, `Org ${i}`, `R-${i}`, String(10_000_000_000_000 + i), iso(now), iso(now), iso(now));
    proposal.run(
      `pr${i}`,
      `o${i}`,
      `PR-${String(i).padStart(4, "0")}`,
      `Проект ${i}`,
      BigInt(20_000 + ((i * 7919) % 280_000)) * 100n,
      iso(new Date(now.getTime() - 5 * 86_400_000 + i * 60_000)),
      iso(now),
      iso(now),
    );
    for (let s = 0; s < SCORERS; s++) {
      // Every 50th proposal has a conflicted member, whose (earlier) scores must not count.
      const conflicted = i % 50 === 0 && s === 4;
      declaration.run(`d${i}_${s}`, `s${s}`, `o${i}`, conflicted ? 1 : 0, conflicted ? "Родственник" : "", iso(now));
      sheet.run(`sh${i}_${s}`, `pr${i}`, `s${s}`, iso(now), iso(now));
      for (let k = 0; k < CRITERIA; k++)
        score.run(`sc${i}_${s}_${k}`, `pr${i}`, `s${s}`, `k${k}`, (i * 31 + s * 17 + k * 7) % (maxes[k]! + 1), iso(now));
    }
    if (i % 10 === 0) consensus.run(`cr${i}`, `pr${i}`, "k0", (i * 3) % 11, iso(now));
  }
})();
raw.exec("ANALYZE");
const seedSeconds = (Date.now() - t0) / 1000;
console.log(
  `seeded ${PROPOSALS} proposals x ${SCORERS} scorers x ${CRITERIA} criteria (${PROPOSALS * SCORERS * CRITERIA} scores) in ${seedSeconds.toFixed(1)} s`,
);

// ── The loader, through Prisma and the portal's own code. ──
process.env.DATABASE_URL = `file:${file}`;
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET ??= "bench-secret-bench-secret-bench-secret-1";
const { getDecisionBoard } = await import("~/domains/awards/decision.server");
const { finalScoreHundredths, fraction, rank, weightedTotal } = await import("~/domains/reviews/review-rules");
const { prisma } = await import("~/utils/db.server");
const chair = {
  id: "u0",
  email: "member0@x.kg",
  label: "Chair",
  locale: "ru" as const,
  municipalityId: null,
  roles: ["COMMISSION_MEMBER" as const],
  organizations: [],
};

const loader = () => getDecisionBoard({ actor: chair, callId: "c" });

// ── The same ranking by hand: one aggregate over the counted scores. ──
const rawQueries = {
  criteria: raw.prepare(`SELECT id, position, maxScore, weight FROM "CallCriterion" WHERE callId = ? ORDER BY position`),
  proposals: raw.prepare(
    `SELECT p.id, p.reference, p.title, p.requestedTotal, p.submittedAt, o.nameRu FROM "Proposal" p JOIN "Organization" o ON o.id = p.organizationId
      WHERE p.callId = ? AND p.status IN ('ELIGIBLE', 'AWARDED', 'NOT_AWARDED')`,
  ),
  aggregates: raw.prepare(
    `SELECT s.proposalId, s.criterionId, SUM(s.score) AS total, COUNT(*) AS n, MIN(s.score) AS low, MAX(s.score) AS high
       FROM "Score" s
       JOIN "Proposal" p ON p.id = s.proposalId AND p.callId = ?
       JOIN "CommissionMembership" m ON m.id = s.membershipId AND m.role IN ('CHAIR', 'MEMBER')
       JOIN "ScoreSheet" sh ON sh.proposalId = s.proposalId AND sh.membershipId = s.membershipId AND sh.submittedAt IS NOT NULL
      WHERE NOT EXISTS (SELECT 1 FROM "ConflictDeclaration" d WHERE d.membershipId = s.membershipId AND d.organizationId = p.organizationId AND d.hasConflict = 1)
      GROUP BY s.proposalId, s.criterionId`,
  ),
  consensus: raw.prepare(
    `SELECT r.proposalId, r.criterionId, r.score FROM "ConsensusRecord" r JOIN "Proposal" p ON p.id = r.proposalId WHERE p.callId = ?`,
  ),
};
function rawLoader() {
  const criteria = rawQueries.criteria.all("c") as { id: string; position: number; maxScore: number; weight: number }[];
  const proposals = rawQueries.proposals.all("c") as { id: string; reference: string; submittedAt: string; requestedTotal: number }[];
  const aggregates = rawQueries.aggregates.all("c") as { proposalId: string; criterionId: string; total: number; n: number }[];
  const agreed = new Map(
    (rawQueries.consensus.all("c") as { proposalId: string; criterionId: string; score: number }[]).map((c) => [
      `${c.proposalId}:${c.criterionId}`,
      c.score,
    ]),
  );
  const byProposal = new Map<string, typeof aggregates>();
  for (const a of aggregates) (byProposal.get(a.proposalId) ?? byProposal.set(a.proposalId, []).get(a.proposalId)!).push(a);
  const heaviest = [...criteria].sort((a, b) => b.weight - a.weight || a.position - b.position)[0]!;
  const items = proposals.map((p) => {
    const values = criteria.map((c) => {
      const consensus = agreed.get(`${p.id}:${c.id}`);
      const a = byProposal.get(p.id)?.find((x) => x.criterionId === c.id);
      return {
        criterionId: c.id,
        value: consensus !== undefined ? fraction(consensus) : fraction(a!.total, a!.n),
        scores: [],
        divergent: false,
        consensus: consensus ?? null,
      };
    });
    return {
      proposalId: p.id,
      reference: p.reference,
      submittedAt: new Date(p.submittedAt),
      finalScore: finalScoreHundredths(weightedTotal(criteria, values)!),
      heaviestValue: values.find((v) => v.criterionId === heaviest.id)!.value,
    };
  });
  return rank(items);
}

// Same ranking both ways, or the comparison means nothing.
const board = await loader();
const rawRanking = rawLoader();
const fromLoader = board.rows.map((r) => `${r.proposalId}:${r.rank}:${r.finalScore}`).join(",");
const fromRaw = rawRanking.map((r) => `${r.proposalId}:${r.rank}:${r.finalScore}`).join(",");
if (fromLoader !== fromRaw) throw new Error("the loader and the raw SQL disagree on the ranking");

async function measure(fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < 3; i += 1) await fn();
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
const rawAgain = await measure(rawLoader);
const loaderMedian = Math.min(loaderTimes.median, loaderAgain.median);
const rawMedian = Math.min(rawTimes.median, rawAgain.median);

const result = {
  proposals: PROPOSALS,
  scorers: SCORERS,
  criteria: CRITERIA,
  scores: PROPOSALS * SCORERS * CRITERIA,
  runs: RUNS,
  loader_median_ms: loaderMedian,
  loader_p95_ms: Math.min(loaderTimes.p95, loaderAgain.p95),
  raw_median_ms: rawMedian,
  raw_p95_ms: Math.min(rawTimes.p95, rawAgain.p95),
  ratio: loaderMedian / rawMedian,
  goals: { ratio_max: 5 },
  plan: (raw.prepare(`EXPLAIN QUERY PLAN ${rawQueries.aggregates.source}`).all("c") as { detail: string }[]).map((row) => row.detail),
  seed_seconds: seedSeconds,
  // 1-minute load average and cores at the end of the run: these machines are shared.
  load_average: os.loadavg()[0],
  cpus: os.cpus().length,
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/ranking.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
await prisma.$disconnect();
raw.close();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
