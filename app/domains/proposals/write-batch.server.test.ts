import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { inWriteBatch } from "./write-batch.server";

describe("writes in shared batches", () => {
  it("commits each job's writes, rolls back only the job that fails, and answers each job with its own outcome", async () => {
    const tag = `batch-${Date.now()}`;
    const jobs = Array.from({ length: 30 }, (_, i) =>
      inWriteBatch(async (tx) => {
        await tx.idempotencyRecord.create({ data: { key: `${tag}-${i}`, scope: "test", actorId: "t", response: { i } } });
        if (i % 7 === 3) throw new Error(`job ${i} refused after writing`);
        return i;
      }).then(
        (value) => ({ ok: true as const, value }),
        (error: Error) => ({ ok: false as const, message: error.message }),
      ),
    );
    const outcomes = await Promise.all(jobs);
    const failed = outcomes.map((o, i) => (o.ok ? null : i)).filter((i) => i !== null);
    expect(failed).toEqual([3, 10, 17, 24]);
    expect(outcomes.filter((o) => o.ok).map((o) => (o as { value: number }).value)).toEqual(
      Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 7 !== 3),
    );
    const stored = await prisma.idempotencyRecord.findMany({ where: { key: { startsWith: tag } }, select: { key: true } });
    expect(stored.map((r) => Number(r.key.split("-").pop())).sort((a, b) => a - b)).toEqual(
      outcomes.map((o, i) => (o.ok ? i : null)).filter((i) => i !== null),
    );
  });
});
