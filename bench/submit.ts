/**
 * `npm run bench:submit` (a benchmark, not a test): proposal submissions over
 * HTTP against the production build, on its own SQLite database, 50
 * connections for 60 s. Each request is what the browser sends when a person
 * presses "Submit": a POST with the session cookie, the form's idempotency key
 * and the intent, through validation, the submission's transaction (version,
 * status, audit event, receipt notice) and the redirect to the receipt.
 *
 * In the same run, a floor: the same writes made directly with better-sqlite3
 * (same pragmas, one transaction per submission, no HTTP, no Prisma), for the
 * ratio. Afterwards every acknowledged receipt is looked up in the database
 * (lost = acknowledged but not stored). Writes bench/results/submit.json.
 *
 * `npm run bench:submit-pg` (`bench/submit.ts postgresql`) does the same on a
 * PostgreSQL database created for the run and dropped after it
 * (portal_bench_<pid>, on BENCH_PG_URL, default postgres@127.0.0.1:5432). Its
 * floor is raw `pg`: the same statements and locks as the portal's
 * submission (row lock, audit-chain advisory lock), one transaction each, as
 * many concurrent workers as connections over a pool the size of the
 * portal's. Writes bench/results/submit-pg.json.
 *
 * `npm run bench:backup` (`bench/submit.ts sqlite backup`): the same portal
 * and submit load on SQLite, no floor; first BENCH_BASELINE_SECONDS (20)
 * of load alone, then `npm run backup` (a separate process, as an operator
 * runs it) under the same load until it finishes. The portal's event-loop
 * delay is measured inside the portal's process (bench/event-loop-probe.ts,
 * preloaded with --import; monitorEventLoopDelay) for each window, next to
 * the requests' latency. The copy must hold every receipt acknowledged before
 * the backup started. The load is paced (BENCH_THINK_MS, 5,000 ms between a
 * connection's submissions: about 10 a second). Writes bench/results/backup.json.
 *
 * BENCH_PORTALS (PostgreSQL only, 1): portal processes on the one database,
 * the connections dealt among them, as several instances behind a proxy
 * would be. On PostgreSQL the audit seal lag (unsealed events, oldest's age;
 * decision 0064) is sampled every 500 ms during the load.
 *
 * BENCH_SECONDS (60), BENCH_CONNECTIONS (50), BENCH_FLOOR_SECONDS (15),
 * BENCH_PROPOSALS (proposals per connection, 300; backup: 1,500), SKIP_BUILD=1.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { startPortal } from "./portal-process";

const root = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FLOOR_SECONDS = Number(process.env.BENCH_FLOOR_SECONDS ?? 15);

const WARMUP_SECONDS = 3;
// The portal's pool size on PostgreSQL (postgresAdapterFactory's default); the raw floor gets the same.
const PG_POOL = 10;

const kind = process.argv[2] === "postgresql" ? "postgresql" : "sqlite";
const backupMode = kind === "sqlite" && process.argv[3] === "backup";
// SQLite keeps one writer process per file.
const PORTALS = kind === "postgresql" ? Math.max(1, Number(process.env.BENCH_PORTALS ?? 1)) : 1;
const name = backupMode ? "backup" : kind === "sqlite" ? "submit" : "submit-pg";
// The backup bench wants a database whose copy takes a while (about 100 MB).
const PER_CONNECTION = Number(process.env.BENCH_PROPOSALS ?? (backupMode ? 1500 : 300));
// The submit bench saturates the portal (no pause between a connection's requests). The backup bench asks
// about a portal under a heavy but sustainable load: each connection pauses, 50 x 1 per 5 s is about 10
// submissions a second. BENCH_THINK_MS=0 measures the backup against a saturated portal instead.
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? (backupMode ? 5000 : 0));
const run = `${name}-${process.pid}`;
const tmp = path.join(root, "bench/tmp", run);
mkdirSync(tmp, { recursive: true });
const SECRET = randomBytes(24).toString("hex");
process.env.SESSION_SECRET = SECRET;
process.env.NODE_ENV = "production";
// The bench saturates the portal from a few accounts: the per-account submission limit (decision 0045) would answer 429.
process.env.SUBMIT_LIMIT ??= "1000";
process.env.STORAGE_DIR = path.join(tmp, "files");

const bin = (tool: string) => path.join(root, "node_modules/.bin", tool);
const log = (message: string) => console.log(`[bench:${name}] ${message}`);

type Row = Record<string, unknown>;
/** Runs one of the floor's statements (FLOOR_SQL) inside the current transaction. */
type Sql = (statement: keyof typeof FLOOR_SQL, ...params: unknown[]) => Promise<Row[]>;
type FloorDb = { workers: number; inTransaction: (work: (sql: Sql) => Promise<void>) => Promise<void>; close: () => Promise<void> };

/** Where the run's two databases live (the portal's, and a copy of it for the floor), per provider. */
type Target = {
  url: string;
  description: string;
  floorDescription: string;
  create: () => Promise<void>;
  copyForFloor: () => Promise<void>;
  openFloor: () => FloorDb;
  storedKeys: (url?: string) => Promise<Set<string>>;
  drop: () => Promise<void>;
};

function sqliteTarget(): Target {
  const dbFile = path.join(tmp, "portal.db");
  const floorFile = path.join(tmp, "floor.db");
  return {
    url: `file:${dbFile}`,
    description: "sqlite (WAL, synchronous=FULL)",
    floorDescription: "better-sqlite3, same writes, synchronous=FULL",
    create: async () => {},
    copyForFloor: async () => {
      // A consistent copy (WAL included) for the floor to write into.
      const source = new Database(dbFile);
      source.prepare("VACUUM INTO ?").run(floorFile);
      source.close();
    },
    openFloor: () => {
      const sqlite = new Database(floorFile);
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
      sqlite.pragma("foreign_keys = ON");
      sqlite.pragma("busy_timeout = 5000");
      // Prepared on first use: the PostgreSQL-only locks are never prepared here.
      const prepared = new Map<string, Database.Statement>();
      const sql: Sql = async (statement, ...params) => {
        const query = prepared.get(statement) ?? prepared.set(statement, sqlite.prepare(FLOOR_SQL[statement])).get(statement)!;
        if (query.reader) return query.all(...params) as Row[];
        query.run(...params);
        return [];
      };
      return {
        // One writer: submissions one after another, as the portal's single connection does.
        workers: 1,
        inTransaction: async (work) => {
          sqlite.exec("BEGIN");
          try {
            await work(sql);
            sqlite.exec("COMMIT");
          } catch (error) {
            sqlite.exec("ROLLBACK");
            throw error;
          }
        },
        close: async () => void sqlite.close(),
      };
    },
    storedKeys: async (url = `file:${dbFile}`) => {
      const stored = new Database(url.slice("file:".length), { readonly: true });
      const keys = stored.prepare(`SELECT "idempotencyKey" AS k FROM "ProposalVersion"`).pluck().all() as string[];
      stored.close();
      return new Set(keys);
    },
    drop: async () => {},
  };
}

function postgresTarget(): Target {
  const admin = process.env.BENCH_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
  const database = `portal_bench_${process.pid}`;
  const floorDatabase = `${database}_floor`;
  const urlOf = (db: string) => Object.assign(new URL(admin), { pathname: `/${db}` }).toString();
  const asAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  // The statements are written for SQLite's `?`; PostgreSQL numbers its parameters.
  const numbered = (statement: keyof typeof FLOOR_SQL) => FLOOR_SQL[statement].split("?").reduce((a, b, i) => `${a}$${i}${b}`);
  return {
    url: urlOf(database),
    description: `postgresql (adapter-pg, pool ${PG_POOL})`,
    floorDescription: `raw pg, same statements and locks, ${CONNECTIONS} workers on a pool of ${PG_POOL}`,
    create: () => asAdmin(`CREATE DATABASE ${database}`),
    copyForFloor: () => asAdmin(`CREATE DATABASE ${floorDatabase} TEMPLATE ${database}`),
    openFloor: () => {
      const pool = new pg.Pool({ connectionString: urlOf(floorDatabase), max: PG_POOL });
      return {
        workers: CONNECTIONS,
        inTransaction: async (work) => {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            await work(async (statement, ...values) => (await client.query({ name: statement, text: numbered(statement), values })).rows);
            await client.query("COMMIT");
          } catch (error) {
            await client.query("ROLLBACK");
            throw error;
          } finally {
            client.release();
          }
        },
        close: () => pool.end(),
      };
    },
    storedKeys: async () => {
      const client = new pg.Client({ connectionString: urlOf(database) });
      await client.connect();
      const { rows } = await client.query<{ k: string }>(`SELECT "idempotencyKey" AS k FROM "ProposalVersion"`);
      await client.end();
      return new Set(rows.map((r) => r.k));
    },
    drop: async () => {
      for (const db of [floorDatabase, database]) await asAdmin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    },
  };
}

const target = kind === "sqlite" ? sqliteTarget() : postgresTarget();
process.env.DATABASE_URL = target.url;
process.once("uncaughtException", (error) => {
  console.error(error);
  void target.drop().finally(() => process.exit(1));
});

if (process.env.SKIP_BUILD !== "1") {
  execFileSync(bin("remix"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  log("built the app");
}
await target.create();
execFileSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, stdio: "ignore", env: process.env });

// ───────────── the data: one open call, an organization, a signed-in member and complete drafts per connection ─────────────

const { prisma: db } = await import("../app/utils/db.server");
const { createUserSession } = await import("../app/utils/session.server");
const { buildSnapshot, contentSha256 } = await import("../app/domains/proposals/proposal-snapshot.server");
const { receiptNumberFor } = await import("../app/domains/proposals/proposal-rules");
const { hashAuditEvent, auditJson, GENESIS_HASH } = await import("../app/domains/audit/audit-chain");

const municipality = await db.municipality.create({
  data: { slug: "bench", nameKy: "Каракол", nameRu: "Каракол", nameEn: "Karakol", region: "Issyk-Kul" },
});
const programme = await db.budgetProgramme.create({
  data: { municipalityId: municipality.id, code: "B", nameKy: "П", nameRu: "П", nameEn: "P" },
});
const appropriation = await db.appropriation.create({
  data: { programmeId: programme.id, fiscalYear: 2026, amount: 10n ** 12n, allocated: 10n ** 10n },
});
const call = await db.call.create({
  data: {
    municipalityId: municipality.id,
    appropriationId: appropriation.id,
    reference: "SZ-BENCH",
    status: "PUBLISHED",
    titleKy: "Сынак",
    titleRu: "Конкурс",
    titleEn: "Call",
    envelope: 10n ** 10n,
    minGrant: 100_000n,
    maxGrant: 20_000_000n,
    maxProposalsPerOrganization: 1_000_000,
    publishedAt: new Date(),
    submissionDeadline: new Date(Date.now() + 86_400_000),
  },
});

type Client = { cookie: string; proposals: string[]; base?: string };
const clients: Client[] = [];
const content = {
  title: "Инклюзивдик бала бакча",
  summary: "Майып балдар үчүн күндүзгү борбор.",
  problem: "Каракол шаарында майып балдар үчүн күндүзгү борбор жок.",
  targetGroup: "Мүмкүнчүлүгү чектелген балдар",
  beneficiaries: 120,
  objectives: "Күнүнө 30 балага кам көрүү.",
  activities: "Борборду ачуу, адистерди окутуу.",
  team: "Долбоордун жетекчиси, эки педагог, бухгалтер.",
};
for (let c = 0; c < CONNECTIONS; c++) {
  const organization = await db.organization.create({
    data: {
      nameKy: `Уюм ${c}`,
      nameRu: `Организация ${c}`,
      legalForm: "PUBLIC_UNION",
      registrationNumber: `B-${c}`,
      tin: String(10_000_000_000_000 + c),
      registeredOn: new Date("2019-01-10"),
      region: "Иссык-Куль",
      address: "Каракол",
    },
  });
  const user = await db.user.create({
    data: { email: `bench${c}@example.kg`, fullName: `Bench ${c}`, passwordHash: "x", locale: "ky", emailConfirmedAt: new Date() },
  });
  await db.organizationMember.create({ data: { organizationId: organization.id, userId: user.id, role: "ADMIN" } });
  const ids = Array.from({ length: PER_CONNECTION }, (_, i) => `bench${c}x${i}`);
  await db.proposal.createMany({
    data: ids.map((id, i) => ({
      id,
      callId: call.id,
      organizationId: organization.id,
      createdById: user.id,
      reference: `SZ-BENCH-${c}-${i}`,
      ...content,
      requestedTotal: 500_000n,
      cofinancingTotal: 100_000n,
    })),
  });
  await db.proposalMilestone.createMany({
    data: ids.map((proposalId) => ({
      proposalId,
      position: 0,
      title: "Этап",
      startsOn: new Date("2026-06-01"),
      dueOn: new Date("2026-08-31"),
    })),
  });
  await db.budgetLine.createMany({
    data: ids.map((proposalId) => ({
      proposalId,
      position: 0,
      category: "STAFF",
      description: "Педагог",
      unit: "ай",
      quantity: 600,
      unitCost: 100_000n,
      requested: 500_000n,
      cofinancing: 100_000n,
    })),
  });
  const cookie = (await createUserSession(new Request("http://localhost/login"), user.id)).split(";")[0]!;
  clients.push({ cookie, proposals: ids });
}
await db.$disconnect();
if (!backupMode) await target.copyForFloor();
log(`seeded ${CONNECTIONS} organizations x ${PER_CONNECTION} complete drafts`);

// ───────────── the floor: the same writes without HTTP or Prisma, one transaction each ─────────────

// Arbitrary constant naming the audit chain's advisory lock (audit.server.ts); the floor takes the same lock.
const CHAIN_LOCK_KEY = 7_270_001;
const FLOOR_SQL = {
  versionByKey: `SELECT "proposalId", "receiptNumber" FROM "ProposalVersion" WHERE "idempotencyKey" = ?`,
  lockProposal: `SELECT "id" FROM "Proposal" WHERE "id" = ? FOR UPDATE`,
  lockChain: `SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`,
  proposal: `SELECT * FROM "Proposal" WHERE "id" = ? AND "organizationId" = ?`,
  call: `SELECT "id", "reference", "status", "submissionDeadline", "minGrant", "maxGrant", "requiredDocuments" FROM "Call" WHERE "id" = ?`,
  organization: `SELECT "id", "nameKy", "nameRu", "tin", "registrationNumber" FROM "Organization" WHERE "id" = ?`,
  lastVersion: `SELECT MAX("number") AS n FROM "ProposalVersion" WHERE "proposalId" = ?`,
  milestones: `SELECT "position", "title", "deliverables", "startsOn", "dueOn" FROM "ProposalMilestone" WHERE "proposalId" = ? ORDER BY "position"`,
  lines: `SELECT "position", "category", "description", "unit", "quantity", "unitCost", "requested", "cofinancing" FROM "BudgetLine" WHERE "proposalId" = ? ORDER BY "position"`,
  attachments: `SELECT "kind" FROM "ProposalAttachment" WHERE "proposalId" = ?`,
  insertVersion: `INSERT INTO "ProposalVersion" ("id", "proposalId", "number", "content", "contentSha256", "receiptNumber", "idempotencyKey", "submittedById", "submittedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateProposal: `UPDATE "Proposal" SET "status" = 'SUBMITTED', "submittedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
  lastAudit: `SELECT "seq", "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1`,
  insertAudit: `INSERT INTO "AuditEvent" ("seq", "occurredAt", "actorId", "actorLabel", "action", "entityType", "entityId", "before", "after", "ipAddress", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  insertNotice: `INSERT INTO "Notification" ("id", "channel", "recipient", "template", "locale", "payload") VALUES (?, 'EMAIL', ?, 'proposal.receipt', 'ky', ?)`,
  member: `SELECT u."id", u."email", m."organizationId" FROM "User" u JOIN "OrganizationMember" m ON m."userId" = u."id" WHERE u."email" = ?`,
};

type Member = { id: string; email: string; organizationId: string };

/** One submission as the portal writes it (submission.server.ts): the row locks only where the portal takes them. */
async function floorSubmit(sql: Sql, member: Member, proposalId: string, key: string, now: Date) {
  if ((await sql("versionByKey", key)).length) return;
  if (kind === "postgresql") await sql("lockProposal", proposalId);
  const p = (await sql("proposal", proposalId, member.organizationId))[0]!;
  const callRow = (await sql("call", p.callId))[0]!;
  const number = Number((await sql("lastVersion", proposalId))[0]?.n ?? 0) + 1;
  const source = {
    ...(p as object),
    call: callRow,
    organization: (await sql("organization", member.organizationId))[0],
    milestones: (await sql("milestones", proposalId)).map((m) => ({
      ...m,
      startsOn: new Date(m.startsOn as string),
      dueOn: new Date(m.dueOn as string),
    })),
    budgetLines: (await sql("lines", proposalId)).map((l) => ({
      ...l,
      unitCost: BigInt(l.unitCost as number),
      requested: BigInt(l.requested as number),
      cofinancing: BigInt(l.cofinancing as number),
    })),
    attachments: [],
    requestedTotal: BigInt(p.requestedTotal as number),
    cofinancingTotal: BigInt(p.cofinancingTotal as number),
  } as unknown as Parameters<typeof buildSnapshot>[0];
  await sql("attachments", proposalId);
  const snapshot = buildSnapshot(source);
  const sha = contentSha256(snapshot);
  const receiptNumber = receiptNumberFor(p.reference as string, number);
  const iso = now.toISOString();
  await sql("insertVersion", randomUUID(), proposalId, number, JSON.stringify(snapshot), sha, receiptNumber, key, member.id, iso);
  await sql("updateProposal", iso, iso, proposalId);
  if (kind === "postgresql") await sql("lockChain");
  const last = (await sql("lastAudit"))[0] as { seq: number; hash: string } | undefined;
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: now,
    actorId: member.id,
    actorLabel: `Bench <${member.email}>`,
    action: number === 1 ? "proposal.submitted" : "proposal.resubmitted",
    entityType: "Proposal",
    entityId: proposalId,
    before: null,
    after: auditJson({ version: number, receiptNumber, contentSha256: sha, idempotencyKey: key, requestedTotal: source.requestedTotal }),
    ipAddress: "127.0.0.1",
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await sql(
    "insertAudit",
    fields.seq,
    iso,
    fields.actorId,
    fields.actorLabel,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.before,
    fields.after,
    fields.ipAddress,
    fields.prevHash,
    hashAuditEvent(fields),
  );
  await sql(
    "insertNotice",
    randomUUID(),
    member.email,
    JSON.stringify({ receiptNumber, reference: p.reference, title: p.title, submittedAt: iso, sha256: sha }),
  );
}

async function floor(seconds: number) {
  const floorDb = target.openFloor();
  const members: Member[] = [];
  await floorDb.inTransaction(async (sql) => {
    for (let c = 0; c < CONNECTIONS; c++) members.push((await sql("member", `bench${c}@example.kg`))[0] as Member);
  });
  let done = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  // Submission s goes to connection s mod CONNECTIONS: one worker takes them in turn, CONNECTIONS workers each keep to their own.
  await Promise.all(
    Array.from({ length: floorDb.workers }, async (_, worker) => {
      for (let s = worker; performance.now() < end; s += floorDb.workers) {
        const c = s % CONNECTIONS;
        const proposalId = clients[c]!.proposals[Math.floor(s / CONNECTIONS) % clients[c]!.proposals.length]!;
        await floorDb.inTransaction((sql) => floorSubmit(sql, members[c]!, proposalId, randomUUID(), new Date()));
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await floorDb.close();
  return done / elapsed;
}

// The backup bench's reference is the portal under the same load without a backup, measured below.
const floorPerSecond = backupMode ? 0 : await floor(FLOOR_SECONDS);
if (!backupMode) log(`floor (${target.floorDescription}): ${floorPerSecond.toFixed(0)} submits/s`);

// ───────────── the portal over HTTP ─────────────

const serverArgs = (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean);
const eventLoopFile = path.join(tmp, "event-loop.json");
const portals = await Promise.all(
  Array.from({ length: PORTALS }, () =>
    startPortal(
      { ...process.env, BENCH_EVENT_LOOP_FILE: eventLoopFile },
      { nodeArgs: serverArgs, preload: backupMode ? ["./bench/event-loop-probe.ts"] : [] },
    ),
  ),
);
const portal = portals[0]!;
const { child: server } = portal;
clients.forEach((client, i) => (client.base = portals[i % PORTALS]!.base));
log(
  `${PORTALS} portal process(es) up on ${portals.map((p) => p.base).join(", ")} (production build, own ${kind === "sqlite" ? "SQLite" : "PostgreSQL"} database)`,
);

// A connection per request: under CPU starvation the server's keep-alive timer can fire before it reads a reused socket.
const agent = new http.Agent({ keepAlive: false, maxSockets: CONNECTIONS });

type Result = { ok: boolean; status: number; ms: number; key: string; sample?: string };

/** One press of "Submit" as the browser sends it with JavaScript (a single-fetch action request). */
function submitOnce(client: Client, proposalId: string): Promise<Result> {
  const base = client.base!;
  const key = randomUUID();
  const body = new URLSearchParams({ intent: "submit", idempotencyKey: key }).toString();
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      `${base}/proposals/${proposalId}.data?index`,
      {
        method: "POST",
        agent,
        headers: {
          Cookie: client.cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Origin: base,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          // The action answers with a redirect to the new receipt, encoded for the client router.
          const ok = status >= 200 && status < 300 && text.includes(`/proposals/${proposalId}/receipts/`);
          resolve({ ok, status, ms: performance.now() - started, key, sample: ok ? undefined : text.slice(0, 300) });
        });
      },
    );
    request.on("error", (error) => resolve({ ok: false, status: 0, ms: performance.now() - started, key, sample: String(error) }));
    request.end(body);
  });
}

/** Submits from every connection for `until` seconds, or until the promise settles. */
async function load(until: number | Promise<unknown>, record: boolean) {
  const results: Result[] = [];
  const end = typeof until === "number" ? performance.now() + until * 1000 : Infinity;
  let settled = false;
  if (typeof until !== "number") void until.finally(() => (settled = true));
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; performance.now() < end && !settled; i++) {
        const proposalId = client.proposals[i % client.proposals.length]!;
        const result = await submitOnce(client, proposalId);
        if (record) results.push(result);
        else if (result.ok) warmupKeys.push(result.key);
        const pause = new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(THINK_MS, end - performance.now()))));
        if (THINK_MS) await Promise.race(typeof until === "number" ? [pause] : [pause, until]);
      }
    }),
  );
  return results;
}

const warmupKeys: string[] = [];
await load(WARMUP_SECONDS, false);

async function stopServer() {
  await Promise.all(portals.map((p) => p.stop()));
  agent.destroy();
}

const latencyPercentile = (results: Result[], p: number) => {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/** Writes bench/results/<name>.json with the database and the machine, and removes the run's scratch files. */
function writeResult(summary: object) {
  const result = {
    ...summary,
    database: target.description,
    machine: { cpus: os.cpus().length, load_avg_1m: os.loadavg()[0], node: process.version },
    measured_at: new Date().toISOString(),
  };
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, `bench/results/${name}.json`), JSON.stringify(result, null, 2) + "\n");
  rmSync(tmp, { recursive: true, force: true });
}

if (backupMode) await benchBackup();

/** The load alone, then the load with `npm run backup` running beside the portal (see the header). */
async function benchBackup() {
  type Window = { window: number; p50_ms: number; p99_ms: number; max_ms: number; samples: number };
  let windows = 0;
  // The probe answers SIGUSR2 with the delays since the previous signal.
  const eventLoopWindow = async (): Promise<Window> => {
    server.kill("SIGUSR2");
    for (const started = Date.now(); Date.now() - started < 10_000; await new Promise((resolve) => setTimeout(resolve, 50))) {
      let stats: Partial<Window> = {};
      try {
        stats = JSON.parse(readFileSync(eventLoopFile, "utf8")) as Window;
      } catch {
        // not written yet, or caught halfway through the write
      }
      if (stats.window === windows + 1) {
        windows++;
        return stats as Window;
      }
    }
    throw new Error("the event-loop probe did not answer (is bench/event-loop-probe.ts loaded?)");
  };
  const window = async (until: number | Promise<unknown>) => {
    const started = performance.now();
    const results = await load(until, true);
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.ok);
    return {
      event_loop: await eventLoopWindow(),
      per_s: ok.length / seconds,
      request_p50_ms: latencyPercentile(results, 50),
      request_p99_ms: latencyPercentile(results, 99),
      requests: results.length,
      non2xx: results.filter((r) => r.status < 200 || r.status >= 300).length,
      seconds,
      keys: ok.map((r) => r.key),
    };
  };
  await eventLoopWindow(); // drops the warm-up
  const baseline = await window(Number(process.env.BENCH_BASELINE_SECONDS ?? 20));
  const databaseBytes = ["", "-wal"].reduce(
    (sum, suffix) => sum + (statSync(target.url.slice("file:".length) + suffix, { throwIfNoEntry: false })?.size ?? 0),
    0,
  );
  const backupDir = path.join(tmp, "backups");
  const backupStarted = performance.now();
  let backupOutput = "";
  const backup = new Promise<number>((resolve) => {
    const child = spawn("npm", ["run", "--silent", "backup", "--", backupDir], {
      cwd: root,
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => (backupOutput += chunk));
    child.stderr.on("data", (chunk) => (backupOutput += chunk));
    // A backup that cannot finish under load is a result too: stopped after BENCH_BACKUP_TIMEOUT seconds (300).
    const timeout = setTimeout(() => child.kill("SIGTERM"), Number(process.env.BENCH_BACKUP_TIMEOUT ?? 300) * 1000);
    child.once("exit", (code) => {
      clearTimeout(timeout);
      resolve(code ?? 1);
    });
  });
  const during = await window(backup);
  const backupExit = await backup;
  const backupMs = performance.now() - backupStarted;
  await stopServer();

  const acknowledged = [...warmupKeys, ...baseline.keys, ...during.keys];
  const stored = await target.storedKeys();
  const copies = existsSync(backupDir) ? readdirSync(backupDir) : [];
  const copy = copies.length ? await target.storedKeys(`file:${path.join(backupDir, copies[0]!, "portal.db")}`) : new Set<string>();
  const beforeBackup = [...warmupKeys, ...baseline.keys];
  const strip = ({ keys: _keys, ...rest }: typeof baseline) => rest;
  const summary = {
    event_loop_p99_ms: during.event_loop.p99_ms,
    event_loop_max_ms: during.event_loop.max_ms,
    baseline_event_loop_p99_ms: baseline.event_loop.p99_ms,
    // The delay during the backup against the same load without it, in the same run.
    ratio: during.event_loop.p99_ms / baseline.event_loop.p99_ms,
    backup_ms: backupMs,
    backup_exit_code: backupExit,
    backup_output: backupOutput.trim(),
    database_mb: databaseBytes / 2 ** 20,
    backup_missing_receipts: beforeBackup.filter((key) => !copy.has(key)).length,
    backup_versions: copy.size,
    lost: acknowledged.filter((key) => !stored.has(key)).length,
    non2xx: baseline.non2xx + during.non2xx,
    during_backup: strip(during),
    baseline: strip(baseline),
    connections: CONNECTIONS,
    think_ms: THINK_MS,
    method:
      "monitorEventLoopDelay (10 ms resolution) inside the portal's process, preloaded by the bench; one window of load alone, one from the start of `npm run backup` (separate process) to its exit",
  };
  writeResult(summary);
  log(
    `backup of ${summary.database_mb.toFixed(0)} MB in ${backupMs.toFixed(0)} ms (exit ${backupExit}) under load; event-loop delay p99 ${summary.event_loop_p99_ms.toFixed(0)} ms ` +
      `(max ${summary.event_loop_max_ms.toFixed(0)}) against ${summary.baseline_event_loop_p99_ms.toFixed(0)} ms without it; request p99 ${during.request_p99_ms.toFixed(0)} / ${baseline.request_p99_ms.toFixed(0)} ms; ` +
      `${summary.backup_missing_receipts} receipts missing from the copy, ${summary.lost} lost, ${summary.non2xx} non-2xx`,
  );
  if (backupExit !== 0) console.error(backupOutput);
  process.exit(0);
}
const serverCpu = () =>
  portals.reduce((sum, p) => {
    // utime + stime of each portal process, in seconds (Linux /proc).
    const fields = readFileSync(`/proc/${p.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);

/** Unsealed audit events and the oldest one's age (decision 0064), every 500 ms; none where the database has no sealer. */
function sampleSealLag() {
  if (kind !== "postgresql") return { stop: async () => [] as { unsealed: number; age_s: number }[] };
  const samples: { unsealed: number; age_s: number }[] = [];
  const client = new pg.Client({ connectionString: target.url });
  const ready = client.connect();
  let available = true;
  const timer = setInterval(() => {
    if (!available) return;
    void ready
      .then(() =>
        client.query(
          `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM (timezone('UTC', now()) - min("occurredAt"))), 0)::float AS age FROM "AuditEvent" WHERE "position" IS NULL`,
        ),
      )
      .then((r) => samples.push({ unsealed: r.rows[0].n, age_s: Math.max(0, r.rows[0].age) }))
      .catch(() => (available = false));
  }, 500);
  return {
    stop: async () => {
      clearInterval(timer);
      await ready.then(() => client.end()).catch(() => undefined);
      return samples;
    },
  };
}

const cpuBefore = serverCpu();
const sealLag = sampleSealLag();
const loadStarted = performance.now();
const results = await load(SECONDS, true);
const elapsed = (performance.now() - loadStarted) / 1000;
const serverCpuSeconds = serverCpu() - cpuBefore;
const lagSamples = await sealLag.stop();
const lagPercentile = (key: "unsealed" | "age_s", p: number) => {
  const sorted = lagSamples.map((sample) => sample[key]).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null;
};

await stopServer();

// ───────────── what was acknowledged, against what is stored ─────────────

const acknowledged = [...warmupKeys, ...results.filter((r) => r.ok).map((r) => r.key)];
const storedKeys = await target.storedKeys();
const lost = acknowledged.filter((key) => !storedKeys.has(key)).length;
const rows = storedKeys.size;

const pct = (p: number) => latencyPercentile(results, p);
const okCount = results.filter((r) => r.ok).length;
const perSecond = okCount / elapsed;
const summary = {
  per_s: perSecond,
  p50_ms: pct(50),
  p95_ms: pct(95),
  p99_ms: pct(99),
  floor_per_s: floorPerSecond,
  ratio: perSecond / floorPerSecond,
  non2xx: results.filter((r) => r.status < 200 || r.status >= 300).length,
  not_receipt: results.filter((r) => !r.ok).length,
  lost,
  acknowledged: acknowledged.length,
  stored_versions: rows,
  requests: results.length,
  seconds: elapsed,
  connections: CONNECTIONS,
  portals: PORTALS,
  seal_lag: lagSamples.length
    ? {
        samples: lagSamples.length,
        unsealed_p50: lagPercentile("unsealed", 50),
        unsealed_max: lagPercentile("unsealed", 100),
        age_p50_s: lagPercentile("age_s", 50),
        age_p99_s: lagPercentile("age_s", 99),
        age_max_s: lagPercentile("age_s", 100),
      }
    : null,
  // How much of a core the portal got: on a shared machine, well below 1.
  server_cpu_share: serverCpuSeconds / elapsed,
  server_cpu_ms_per_submit: (serverCpuSeconds * 1000) / Math.max(1, results.length),
};
writeResult(summary);
await target.drop();
log(
  `${perSecond.toFixed(0)} submits/s over HTTP (p50 ${summary.p50_ms.toFixed(0)} ms, p99 ${summary.p99_ms.toFixed(0)} ms), floor ${floorPerSecond.toFixed(0)}/s, ratio ${summary.ratio.toFixed(2)}; ` +
    `${summary.non2xx} non-2xx, ${lost} lost of ${acknowledged.length} acknowledged (${rows} versions stored); ${PORTALS} portal(s)` +
    (summary.seal_lag
      ? `; seal lag p50 ${summary.seal_lag.age_p50_s?.toFixed(2)} s, max ${summary.seal_lag.age_max_s?.toFixed(2)} s, unsealed max ${summary.seal_lag.unsealed_max}`
      : ""),
);
if (summary.not_receipt > 0) {
  const statuses = Object.entries(
    results.filter((r) => !r.ok).reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}),
  );
  console.error(
    `answers without a receipt by status: ${JSON.stringify(Object.fromEntries(statuses))}; e.g. ${results.find((r) => !r.ok)?.sample}`,
  );
  console.error(portal.output().split("\n").slice(-20).join("\n"));
}
process.exit(0);
