import { describe, expect, it } from "vitest";
import { prisma } from "./db.server";
import { queryPlanStats } from "./query-plans.server";

const municipality = (slug: string) => ({ slug, nameKy: slug, nameRu: slug, nameEn: slug, region: "Ысык-Көл" });

describe("memoized query plans", () => {
  it("reuse the plan of a query asked again, with the same answer as the first time", async () => {
    const slug = `plans-${Date.now()}`;
    await prisma.municipality.create({ data: municipality(slug) });
    const ask = () => prisma.municipality.findUnique({ where: { slug }, select: { slug: true, region: true } });
    const first = await ask();
    const before = queryPlanStats();
    const again = await ask();
    const after = queryPlanStats();
    expect(again).toEqual(first);
    expect(again).toEqual({ slug, region: "Ысык-Көл" });
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses);
  });

  it("never give one query another's values, and see every write", async () => {
    const stamp = Date.now();
    const slugs = [`a-${stamp}`, `b-${stamp}`];
    for (const slug of slugs) await prisma.municipality.create({ data: municipality(slug) });
    for (let round = 0; round < 3; round += 1) {
      const found = await Promise.all(slugs.map((slug) => prisma.municipality.findUnique({ where: { slug }, select: { slug: true, nameEn: true } })));
      expect(found.map((m) => m?.slug)).toEqual(slugs);
      // The same update twice reuses its plan and still writes; the read after it sees the new name.
      await prisma.municipality.update({ where: { slug: slugs[0] }, data: { nameEn: `round ${round}` } });
      await prisma.municipality.update({ where: { slug: slugs[0] }, data: { nameEn: `round ${round}` } });
      expect((await prisma.municipality.findUnique({ where: { slug: slugs[0] }, select: { nameEn: true } }))?.nameEn).toBe(`round ${round}`);
    }
  });

  it("run a reused plan inside transactions, rolled back or committed", async () => {
    const slug = `tx-${Date.now()}`;
    const count = (tx: typeof prisma | Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => tx.municipality.count({ where: { slug } });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.municipality.create({ data: municipality(slug) });
        expect(await count(tx)).toBe(1);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await count(prisma)).toBe(0);
    await prisma.$transaction(async (tx) => {
      await tx.municipality.create({ data: municipality(slug) });
      expect(await count(tx)).toBe(1);
    });
    expect(await count(prisma)).toBe(1);
  });

  it("leave long queries out of the memo", async () => {
    const long = "я".repeat(5000);
    const before = queryPlanStats();
    await prisma.municipality.findMany({ where: { nameEn: long } });
    await prisma.municipality.findMany({ where: { nameEn: long } });
    expect(queryPlanStats()).toEqual(before);
  });
});
