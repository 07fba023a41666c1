import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { privilegedSql, type PrivilegedSql } from "../../../tests/integration/privileged-sql";
import { GENESIS_HASH } from "./audit-chain";
import { listAuditEvents, recordAudit, verifyAuditChain } from "./audit.server";
import { sealAuditLog } from "./audit-sealer.server";

const actor = { id: "u-officer", label: "Гүлнара Токтогулова <officer@karakol.kg>" };

function record(entityId: string, extra: Partial<Parameters<typeof recordAudit>[1]> = {}) {
  return prisma.$transaction((tx) =>
    recordAudit(tx, { actor, action: "call.updated", entityType: "Call", entityId, after: { entityId }, ...extra }),
  );
}

/** The chain position the sealer gave an event. */
const positionOf = async (seq: number) => (await prisma.auditEvent.findUniqueOrThrow({ where: { seq } })).position!;

describe("recordAudit", () => {
  it("links each event to the one before it, starting from the genesis hash", async () => {
    const first = await record("call-1", { before: { amount: 10n }, after: { amount: 20n }, ipAddress: "10.0.0.1" });
    const second = await record("call-2", { actor: null });
    // Adapted (decision 0064): the writer inserts the event unsealed; the sealer chains it after commit.
    const unsealed = await prisma.auditEvent.findMany({ where: { seq: { in: [first.seq, second.seq] } } });
    expect(unsealed.map((e) => [e.position, e.prevHash, e.hash])).toEqual([
      [null, "", ""],
      [null, "", ""],
    ]);
    expect(await sealAuditLog(prisma)).toEqual({ sealed: 2 });
    const rows = await prisma.auditEvent.findMany({ where: { seq: { in: [first.seq, second.seq] } }, orderBy: { seq: "asc" } });
    expect(rows[0]).toMatchObject({
      position: 1,
      prevHash: GENESIS_HASH,
      before: '{"amount":"10"}',
      after: '{"amount":"20"}',
      actorId: actor.id,
      ipAddress: "10.0.0.1",
    });
    expect(rows[1]).toMatchObject({ position: 2, prevHash: rows[0]!.hash, actorId: null, actorLabel: "system" });
    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: 2, break: null });
  });

  it("rolls back with the change it records", async () => {
    const before = await prisma.auditEvent.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordAudit(tx, { actor, action: "call.deleted", entityType: "Call", entityId: "call-x" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.auditEvent.count()).toBe(before);
    await sealAuditLog(prisma);
    expect((await verifyAuditChain(prisma)).break).toBeNull();
  });

  it("keeps one unbroken chain under 20 concurrent writers", async () => {
    const before = await prisma.auditEvent.count();
    await Promise.all(Array.from({ length: 20 }, (_, i) => record(`concurrent-${i}`)));
    // Adapted (decision 0064): the chain's order is the sealer's `position`; `seq` is insert order and may have gaps.
    await sealAuditLog(prisma);
    const events = await prisma.auditEvent.findMany({ orderBy: { position: "asc" }, select: { position: true } });
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: before + 20, break: null });
  });

  it("lists the events of one object, newest first", async () => {
    await record("listed");
    await record("listed", { action: "call.published" });
    const events = await listAuditEvents(prisma, { entityType: "Call", entityId: "listed" });
    expect(events.map((e) => e.action)).toEqual(["call.published", "call.updated"]);
  });
});

describe("the audit table is append-only in the database itself", () => {
  let seq: number;
  beforeAll(async () => {
    seq = (await record("guarded")).seq;
    await sealAuditLog(prisma);
  });

  it.each([
    ["update", () => prisma.auditEvent.update({ where: { seq }, data: { after: "{}" } })],
    ["updateMany", () => prisma.auditEvent.updateMany({ data: { actorLabel: "someone else" } })],
    ["delete", () => prisma.auditEvent.delete({ where: { seq } })],
    ["deleteMany", () => prisma.auditEvent.deleteMany({})],
    ["raw UPDATE", () => prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "after" = '{}' WHERE "seq" = ${seq}`)],
    ["raw DELETE", () => prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)],
    [
      "UPDATE inside a transaction",
      () => prisma.$transaction((tx) => tx.auditEvent.update({ where: { seq }, data: { hash: "0".repeat(64) } })),
    ],
  ])("rejects %s through Prisma", async (_label, attempt) => {
    const count = await prisma.auditEvent.count();
    await expect(attempt()).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.count()).toBe(count);
    expect((await prisma.auditEvent.findUniqueOrThrow({ where: { seq } })).after).toBe('{"entityId":"guarded"}');
    expect((await verifyAuditChain(prisma)).break).toBeNull();
  });

  it("lets an unsealed event be sealed once, and never with a change to what it records", async () => {
    const pending = (await record("sealed-as-is")).seq;
    const seal = { position: 1_000_000, prevHash: "a".repeat(64), hash: "b".repeat(64), sealedAt: new Date() };
    await expect(prisma.auditEvent.update({ where: { seq: pending }, data: { ...seal, after: '{"forged":true}' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditEvent.update({ where: { seq: pending }, data: { after: '{"forged":true}' } })).rejects.toThrow(/append-only/);
    await sealAuditLog(prisma);
    const sealed = await prisma.auditEvent.findUniqueOrThrow({ where: { seq: pending } });
    expect(sealed.after).toBe('{"entityId":"sealed-as-is"}');
    await expect(prisma.auditEvent.update({ where: { seq: pending }, data: { ...seal, position: 2_000_000 } })).rejects.toThrow(
      /append-only/,
    );
    expect((await verifyAuditChain(prisma)).break).toBeNull();
  });

  it("rejects TRUNCATE on PostgreSQL (SQLite has no TRUNCATE)", async () => {
    if (process.env.DATABASE_URL!.startsWith("file:")) {
      await expect(prisma.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/syntax error/);
      return;
    }
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.count()).toBeGreaterThan(0);
  });
});

describe("verifyAuditChain after changes behind the portal's back", () => {
  let sql: PrivilegedSql;
  beforeAll(async () => {
    sql = await privilegedSql(process.env.DATABASE_URL!);
    await sql.dropAuditTriggers();
  });
  afterAll(async () => {
    await sql?.close();
  });

  it("names the first event after a deleted one (sequence), across page boundaries", async () => {
    const deleted = (await record("to-delete")).seq;
    await record("after-deleted");
    await sealAuditLog(prisma);
    const last = await positionOf(deleted);
    expect(await sql.execute(`DELETE FROM "AuditEvent" WHERE "seq" = $1`, [deleted])).toBe(1);
    const expected = { checked: last - 1, break: { seq: last + 1, reason: "sequence" } };
    expect(await verifyAuditChain(prisma)).toMatchObject(expected);
    expect(await verifyAuditChain(prisma, { pageSize: 3 })).toMatchObject(expected);
    expect(await verifyAuditChain(prisma, { pageSize: 1 })).toMatchObject(expected);
  });
});
