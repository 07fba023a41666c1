import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "~/utils/db.server";
import { privilegedSql, type PrivilegedSql } from "../tests/integration/privileged-sql";

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

/** Runs `npm run audit:verify`'s script against a database; returns its exit code and output. */
async function cli(databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", SESSION_SECRET: "" },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function recordEvents(count: number) {
  for (let i = 1; i <= count; i++) {
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        actor: { id: `user-${i}`, label: `Officer ${i} <o${i}@karakol.kg>` },
        action: "appropriation.changed",
        entityType: "Appropriation",
        entityId: "a-2026",
        before: { amount: BigInt(i) * 100n },
        after: { amount: BigInt(i + 1) * 100n },
        ipAddress: "10.0.0.7",
      }),
    );
  }
  await sealAuditLog(prisma);
}

let sql: PrivilegedSql;
beforeAll(async () => {
  sql = await privilegedSql(process.env.DATABASE_URL!);
});
afterAll(async () => {
  await sql?.close();
});

describe("npm run audit:verify", () => {
  it("reports an empty chain as intact", async () => {
    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: 0, break: null });
  });

  it("exits 0 and prints the count while the chain is intact, then 1 naming the event changed behind its back", async () => {
    await recordEvents(6);
    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: 6, break: null });
    const intact = await cli(process.env.DATABASE_URL!);
    expect(intact.output).toMatch(/intact: 6 event\(s\) verified/);
    expect(intact.code).toBe(0);

    // The triggers stop even a privileged UPDATE...
    await expect(sql.execute(`UPDATE "AuditEvent" SET "after" = $1 WHERE "seq" = 4`, ['{"amount":"1"}'])).rejects.toThrow(/append-only/);
    // ...so the attacker drops them first.
    await sql.dropAuditTriggers();
    expect(await sql.execute(`UPDATE "AuditEvent" SET "after" = $1 WHERE "seq" = 4`, ['{"amount":"99999900"}'])).toBe(1);

    expect(await verifyAuditChain(prisma)).toMatchObject({ checked: 3, break: { seq: 4, reason: "hash" } });
    expect(await verifyAuditChain(prisma, { pageSize: 2 })).toMatchObject({ checked: 3, break: { seq: 4, reason: "hash" } });
    const broken = await cli(process.env.DATABASE_URL!);
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/BROKEN at event seq 4 \(hash\)/);
    expect(broken.output).not.toMatch(/seq [12356]\b/);
  });

  it("exits 2 with a message when there is no database to check", async () => {
    const missing = await cli(`file:${path.join(root, "test-data", "does-not-exist.db")}`);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/No database at/);
    const wrong = await cli("mysql://nowhere/portal");
    expect(wrong.code).toBe(2);
    expect(wrong.output).toMatch(/DATABASE_URL: must start with file:/);
  });
});
