// The holes an outside attack found in the audit trail's tamper evidence (issue 17, item 7), each
// closed: with the triggers dropped, (1) deleting the newest events, (2) editing an event and
// recomputing the chain from it, and (3) appending a forged, correctly chained event all passed
// `audit:verify`. The published head catches 1 and 2; the keyed MAC catches 2 and 3.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH, hashAuditEvent, type ChainedFields } from "~/domains/audit/audit-chain";
import { currentAuditHead, recordAudit, verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "~/utils/db.server";
import { privilegedSql, type PrivilegedSql } from "../tests/integration/privileged-sql";

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);
const KEY = "test-audit-key-kept-outside-the-database-0123456789";

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, NODE_ENV: "production", SESSION_SECRET: "", AUDIT_KEY: "", ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function recordEvents(count: number, label: string) {
  for (let i = 1; i <= count; i++) {
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        actor: { id: `user-${i}`, label },
        action: "appropriation.changed",
        entityType: "Appropriation",
        entityId: "a-2027",
        after: { amount: String(i) },
      }),
    );
  }
  await sealAuditLog(prisma);
}

type Row = ChainedFields & { hash: string; mac: string };
// The chain's `seq` is the sealed position (decision 0064); the attacks below address rows by it.
const rows = async (sql: PrivilegedSql) =>
  (
    await sql.query<Row & { occurredAt: string | Date; position: number }>(
      `SELECT * FROM "AuditEvent" WHERE "position" IS NOT NULL ORDER BY "position"`,
    )
  ).map((r) => ({
    ...r,
    seq: Number(r.position),
  }));

/** What an attacker without the key can do: rewrite rows from `fromSeq` on with a valid unkeyed chain. */
async function rechainFrom(sql: PrivilegedSql, fromSeq: number, edit: (row: Row) => Row) {
  const all = await rows(sql);
  let prevHash = all.find((r) => r.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
  for (const raw of all.filter((r) => r.seq >= fromSeq)) {
    const row = edit({ ...raw, occurredAt: new Date(raw.occurredAt) });
    const fields = { ...row, prevHash };
    const hash = hashAuditEvent(fields);
    await sql.execute(`UPDATE "AuditEvent" SET "after" = $1, "prevHash" = $2, "hash" = $3, "mac" = '' WHERE "position" = $4`, [
      row.after,
      prevHash,
      hash,
      row.seq,
    ]);
    prevHash = hash;
  }
}

let sql: PrivilegedSql;
beforeAll(async () => {
  sql = await privilegedSql(process.env.DATABASE_URL!);
  await sql.dropAuditTriggers();
});
afterAll(async () => {
  delete process.env.AUDIT_KEY;
  await sql?.close();
});

describe("the audit trail's head and key", () => {
  it("writes an HMAC on every event while the key is set, and none without it", async () => {
    await recordEvents(2, "before the key");
    process.env.AUDIT_KEY = KEY;
    await recordEvents(4, "with the key");
    const macs = (await rows(sql)).map((r) => r.mac);
    expect(macs.slice(0, 2)).toEqual(["", ""]);
    expect(macs.slice(2).every((mac) => /^[0-9a-f]{64}$/.test(mac))).toBe(true);
    expect(await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).toMatchObject({ checked: 6, break: null });
    const intact = await cli([], { AUDIT_KEY: KEY });
    expect(intact.code).toBe(0);
    expect(intact.output).toMatch(/HMAC checked/);
  });

  it("catches deleting the newest events against the published head, which the bare chain cannot", async () => {
    const head = await currentAuditHead(prisma);
    const headFile = path.join(root, "test-data", `audit-head-${process.pid}.json`);
    writeFileSync(headFile, JSON.stringify({ size: head.size, hash: head.hash, at: head.at }));
    expect((await cli(["--against", headFile], { AUDIT_KEY: KEY })).code).toBe(0);

    await sql.execute(`DELETE FROM "AuditEvent" WHERE "position" >= $1`, [head.size - 1]);
    expect((await verifyAuditChain(prisma)).break).toBeNull(); // the hole: a shorter chain is still a chain
    expect((await verifyAuditChain(prisma, { against: head })).break).toEqual({ seq: head.size - 1, reason: "truncated" });
    const cut = await cli(["--against", headFile]);
    expect(cut.code).toBe(1);
    expect(cut.output).toMatch(/\(truncated\)/);
    const byText = await cli(["--against", `${head.size}:${head.hash}`]);
    expect(byText.code).toBe(1);
  });

  it("catches an edit with the chain recomputed after it, by the MAC and by the head", async () => {
    await recordEvents(3, "more, keyed");
    const head = await currentAuditHead(prisma);
    await rechainFrom(sql, 4, (row) => (row.seq === 4 ? { ...row, after: '{"amount":"99999999"}' } : row));
    expect((await verifyAuditChain(prisma)).break).toBeNull(); // the hole: SHA-256 alone is recomputable
    expect((await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).break).toEqual({ seq: 4, reason: "mac" });
    expect((await verifyAuditChain(prisma, { against: head })).break).toEqual({ seq: head.size, reason: "rewritten" });
    const withKey = await cli([], { AUDIT_KEY: KEY });
    expect(withKey.code).toBe(1);
    expect(withKey.output).toMatch(/BROKEN at event seq 4 \(mac\)/);

    // Blanking every MAC to pass the whole chain off as written before the key: the newest must be keyed.
    await rechainFrom(sql, 1, (row) => row);
    expect((await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).break).toEqual({ seq: head.size, reason: "mac" });
  });
});

describe("a forged event appended without the key", () => {
  it("passes the bare chain but not the key", async () => {
    // Start from an intact keyed chain in a fresh table.
    await sql.execute(`DELETE FROM "AuditEvent"`);
    process.env.AUDIT_KEY = KEY;
    await recordEvents(3, "keyed");
    const last = (await rows(sql)).at(-1)!;
    // Same instant as the last event, stored in the database's own format.
    const forged = {
      seq: last.seq + 1,
      occurredAt: new Date(last.occurredAt),
      actorId: null,
      actorLabel: "system",
      action: "payment.recorded",
      entityType: "PaymentOrder",
      entityId: "po-x",
      before: null,
      after: '{"paid":"1000000000"}',
      ipAddress: "",
      prevHash: last.hash,
    };
    await sql.execute(
      // Adapted (decision 0064): the forger writes the sealed position (the chain's seq) and leaves `seq` to the table.
      `INSERT INTO "AuditEvent" ("position","occurredAt","actorId","actorLabel","action","entityType","entityId","before","after","ipAddress","prevHash","hash","mac","sealedAt") VALUES ($1,$2,NULL,$3,$4,$5,$6,NULL,$7,'',$8,$9,'',$10)`,
      [
        forged.seq,
        last.occurredAt,
        forged.actorLabel,
        forged.action,
        forged.entityType,
        forged.entityId,
        forged.after,
        forged.prevHash,
        hashAuditEvent(forged),
        last.occurredAt,
      ],
    );
    expect((await verifyAuditChain(prisma)).break).toBeNull();
    expect((await verifyAuditChain(prisma, { key: Buffer.from(KEY) })).break).toEqual({ seq: forged.seq, reason: "mac" });
    const forgedMac = await cli([], { AUDIT_KEY: KEY });
    expect(forgedMac.code).toBe(1);
  });
});
