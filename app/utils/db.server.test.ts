import { describe, expect, it } from "vitest";
import { assertSqlitePragmas, databaseKind, prisma } from "./db.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("database module", () => {
  it("keeps writes made by other requests while an interactive transaction rolls back", async () => {
    const marker = `rolled-back-${Date.now()}`;
    let insideStarted!: () => void;
    const started = new Promise<void>((resolve) => (insideStarted = resolve));
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.municipality.create({ data: { slug: marker, nameKy: "x", nameRu: "x", nameEn: "x", region: "x" } });
        insideStarted();
        await sleep(300);
        throw new Error("abort on purpose");
      })
      .catch((error: Error) => error.message);

    await started;
    const outside = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        prisma.municipality.create({ data: { slug: `outside-${marker}-${i}`, nameKy: "y", nameRu: "y", nameEn: "y", region: "y" } }),
      ),
    );
    const seenByOutside = await prisma.municipality.findUnique({ where: { slug: marker } });

    expect(await failing).toBe("abort on purpose");
    expect(outside).toHaveLength(10);
    expect(seenByOutside).toBeNull();
    expect(await prisma.municipality.count({ where: { slug: { startsWith: `outside-${marker}` } } })).toBe(10);
    expect(await prisma.municipality.count({ where: { slug: marker } })).toBe(0);
  });

  it("runs SQLite with WAL, synchronous=FULL, foreign keys and a busy timeout", async () => {
    if (databaseKind() !== "sqlite") {
      expect(databaseKind()).toBe("postgresql");
      return;
    }
    await expect(assertSqlitePragmas(prisma)).resolves.toBeUndefined();
    const rows = await prisma.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous");
    expect(Number(rows[0]!.synchronous)).toBe(2);
  });

  it("stores money as exact integers beyond 2^53 tyiyn", async () => {
    const municipality = await prisma.municipality.create({ data: { slug: `m-${Date.now()}`, nameKy: "a", nameRu: "a", nameEn: "a", region: "a" } });
    const programme = await prisma.budgetProgramme.create({ data: { municipalityId: municipality.id, code: "P", nameKy: "p", nameRu: "p", nameEn: "p" } });
    const amount = 9_007_199_254_740_993n;
    const row = await prisma.appropriation.create({ data: { programmeId: programme.id, fiscalYear: 2026, amount } });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: row.id } })).amount).toBe(amount);
  });

  it("answers a lookup by a value holding U+0000 with nothing found, inside and outside a transaction, on either database", async () => {
    const slug = `nul-${Date.now()}`;
    await prisma.municipality.create({ data: { slug, nameKy: "a", nameRu: "a", nameEn: "a", region: "a" } });
    await expect(prisma.municipality.findUnique({ where: { slug: "\u0000" } })).resolves.toBeNull();
    const inside = await prisma.$transaction(async (tx) => tx.municipality.findMany({ where: { slug: { in: ["\u0000", `${slug}\u0000`] } } }));
    // PostgreSQL cannot hold U+0000, so it is dropped there: the second value then names the row.
    expect(inside.map((m) => m.slug)).toEqual(databaseKind() === "postgresql" ? [slug] : []);
  });
});
