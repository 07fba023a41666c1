// Decision 0064: writers insert audit events unsealed and take no lock; the
// sealer chains them after commit, one sealer at a time.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, databaseKind, prisma } from "~/utils/db.server";
import { privilegedSql, type PrivilegedSql } from "../../../tests/integration/privileged-sql";
import { GENESIS_HASH } from "./audit-chain";
import { currentAuditHead, recordAudit, verifyAuditChain } from "./audit.server";
import { auditSealLag, onAuditWritten, sealAuditLog } from "./audit-sealer.server";

const root = path.resolve(import.meta.dirname, "../../..");
const run = promisify(execFile);
const actor = { id: "u-officer", label: "Officer <officer@karakol.kg>" };
const KEY = "test-audit-key-for-the-sealer-0123456789abcdef";

const record = (entityId: string) =>
  prisma.$transaction((tx) => recordAudit(tx, { actor, action: "call.updated", entityType: "Call", entityId, after: { entityId } }));

const sealed = () =>
  prisma.auditEvent.findMany({
    where: { position: { not: null } },
    orderBy: { position: "asc" },
    select: { seq: true, position: true, entityId: true, hash: true },
  });

async function verifyCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, NODE_ENV: "production", SESSION_SECRET: "", AUDIT_KEY: "" },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

afterEach(() => {
  delete process.env.AUDIT_KEY;
});

describe("sealing the audit log after commit", () => {
  it("chains exactly the committed events of 20 concurrent writers, some rolled back, into one unbroken chain", async () => {
    await sealAuditLog(prisma);
    const before = (await sealed()).length;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          await recordAudit(tx, { actor, action: "call.updated", entityType: "Call", entityId: `writer-${i}` });
          if (i % 4 === 3) throw new Error("rolled back");
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(5);
    const lag = await auditSealLag(prisma);
    expect(lag.unsealed).toBe(15);
    expect(lag.oldestAgeSeconds).toBeGreaterThanOrEqual(0);

    expect(await sealAuditLog(prisma, { batchSize: 4 })).toEqual({ sealed: 15 });
    const chain = await sealed();
    const committed = Array.from({ length: 20 }, (_, i) => i)
      .filter((i) => i % 4 !== 3)
      .map((i) => `writer-${i}`);
    expect(
      chain
        .slice(before)
        .map((e) => e.entityId)
        .sort(),
    ).toEqual(committed.sort());
    expect(chain.map((e) => e.position)).toEqual(Array.from({ length: chain.length }, (_, i) => i + 1));
    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: chain.length, break: null, unsealed: 0 });
    expect(await auditSealLag(prisma)).toEqual({ unsealed: 0, oldestAgeSeconds: 0 });
  });

  it("seals a transaction that commits after the sealer ran in the next pass, after everything already sealed", async () => {
    await sealAuditLog(prisma);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    let late: Promise<{ seq: number }>;
    if (databaseKind() === "postgresql") {
      // Inserted first (the smaller seq), committed last.
      late = prisma.$transaction(
        async (tx) => {
          const event = await recordAudit(tx, { actor, action: "call.updated", entityType: "Call", entityId: "late" });
          inserted();
          await held;
          return event;
        },
        { timeout: 30_000 },
      );
      await insertedYet;
    } else {
      // SQLite has one writer: a transaction cannot stay open across another's commit, so the late one starts after.
      late = held.then(() => record("late"));
    }
    const early = await record("early");
    await sealAuditLog(prisma);
    const firstPass = await sealed();
    expect(firstPass.at(-1)).toMatchObject({ seq: early.seq, entityId: "early" });
    expect(firstPass.some((e) => e.entityId === "late")).toBe(false);

    release();
    const lateEvent = await late;
    if (databaseKind() === "postgresql") expect(lateEvent.seq).toBeLessThan(early.seq);
    await sealAuditLog(prisma);
    const secondPass = await sealed();
    expect(secondPass.slice(0, firstPass.length)).toEqual(firstPass);
    expect(secondPass.at(-1)).toMatchObject({ seq: lateEvent.seq, entityId: "late", position: firstPass.length + 1 });
    expect((await verifyAuditChain(prisma)).break).toBeNull();
  });

  it("never forks when sealers run at once, in one process or two", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => record(`raced-${i}`)));
    const other = databaseKind() === "postgresql" ? createPrismaClient(process.env.DATABASE_URL!) : prisma;
    try {
      const results = await Promise.all([
        sealAuditLog(prisma, { batchSize: 3 }),
        sealAuditLog(other, { batchSize: 5 }),
        sealAuditLog(prisma, { batchSize: 7 }),
        Promise.all(Array.from({ length: 10 }, (_, i) => record(`raced-late-${i}`))).then(() => sealAuditLog(other, { batchSize: 2 })),
      ]);
      await sealAuditLog(prisma);
      const chain = await sealed();
      expect(new Set(chain.map((e) => e.seq)).size).toBe(chain.length);
      expect(chain.map((e) => e.position)).toEqual(Array.from({ length: chain.length }, (_, i) => i + 1));
      expect(results.reduce((sum, r) => sum + r.sealed, 0)).toBeGreaterThanOrEqual(40);
      expect(await verifyAuditChain(prisma, { pageSize: 9 })).toMatchObject({ checked: chain.length, break: null, unsealed: 0 });
    } finally {
      if (other !== prisma) await other.$disconnect();
    }
  });

  it("tells the server process after each write, so that it can seal soon without the writer waiting", async () => {
    let calls = 0;
    onAuditWritten(() => (calls += 1));
    try {
      await record("noticed-1");
      await record("noticed-2");
    } finally {
      onAuditWritten(null);
    }
    expect(calls).toBe(2);
    await sealAuditLog(prisma);
  });
});

describe("the sealed log's head, published and checked against", () => {
  it("accepts an append-only extension of a published head and refuses a rewritten history", async () => {
    await record("head-1");
    await sealAuditLog(prisma);
    const head = await currentAuditHead(prisma);
    expect(head.size).toBeGreaterThan(0);
    expect(head.sealedAt).toBeInstanceOf(Date);
    const dir = path.join(root, "test-data");
    mkdirSync(dir, { recursive: true });
    const headFile = path.join(dir, `audit-sealed-head-${process.pid}.json`);
    writeFileSync(headFile, JSON.stringify({ size: head.size, hash: head.hash, at: head.at, sealedAt: head.sealedAt }));

    await record("head-2");
    await record("head-3");
    // An unsealed tail is not yet part of the head: the published one still holds.
    expect(await verifyAuditChain(prisma, { against: head })).toMatchObject({ break: null, unsealed: 2 });
    await sealAuditLog(prisma);
    expect((await currentAuditHead(prisma)).size).toBe(head.size + 2);
    expect((await verifyAuditChain(prisma, { against: head })).break).toBeNull();
    const extension = await verifyCli(["--against", headFile]);
    expect(extension.output).toMatch(/holds the published head/);
    expect(extension.code).toBe(0);

    // Someone who rewrote history presents a head of their own: the portal's chain does not hold it.
    const forged = { size: head.size, hash: "f".repeat(64) };
    expect((await verifyAuditChain(prisma, { against: forged })).break).toEqual({ seq: head.size, reason: "rewritten" });
    const refused = await verifyCli(["--against", `${forged.size}:${forged.hash}`]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(new RegExp(`BROKEN at event seq ${head.size} \\(rewritten\\)`));
  });
});

describe("tampering behind the portal's back", () => {
  let sql: PrivilegedSql;
  beforeAll(async () => {
    sql = await privilegedSql(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("keys only what the portal wrote: an event inserted unsealed behind its back is sealed unkeyed, and verify names it", async () => {
    process.env.AUDIT_KEY = KEY;
    await record("keyed-1");
    await sealAuditLog(prisma);
    expect((await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).break).toBeNull();
    await sql.execute(
      `INSERT INTO "AuditEvent" ("occurredAt","actorId","actorLabel","action","entityType","entityId","before","after","ipAddress","prevHash","hash","mac") VALUES ($1,NULL,'system','payment.recorded','PaymentOrder','po-x',NULL,'{"paid":"1000000000"}','','','','')`,
      // An instant in the database's own stored format.
      [(await sql.query<{ occurredAt: unknown }>(`SELECT "occurredAt" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1`))[0]!.occurredAt],
    );
    await record("keyed-2");
    await sealAuditLog(prisma);
    const forged = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: "po-x" } });
    expect(forged.mac).toBe("");
    expect((await verifyAuditChain(prisma)).break).toBeNull();
    expect((await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).break).toEqual({ seq: forged.position, reason: "mac" });
  });

  it("names a sealed event changed with the triggers dropped", async () => {
    await record("tampered");
    await sealAuditLog(prisma);
    const target = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: "tampered" } });
    await sql.dropAuditTriggers();
    expect(await sql.execute(`UPDATE "AuditEvent" SET "after" = $1 WHERE "seq" = $2`, ['{"entityId":"someone else"}', target.seq])).toBe(1);
    expect(await verifyAuditChain(prisma)).toMatchObject({
      checked: target.position! - 1,
      break: { seq: target.position, reason: "hash" },
    });
    expect(target.prevHash).not.toBe(GENESIS_HASH);
  });
});
