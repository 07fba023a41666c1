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
    const municipality = await prisma.municipality.create({
      data: { slug: `m-${Date.now()}`, nameKy: "a", nameRu: "a", nameEn: "a", region: "a" },
    });
    const programme = await prisma.budgetProgramme.create({
      data: { municipalityId: municipality.id, code: "P", nameKy: "p", nameRu: "p", nameEn: "p" },
    });
    const amount = 9_007_199_254_740_993n;
    const row = await prisma.appropriation.create({ data: { programmeId: programme.id, fiscalYear: 2026, amount } });
    expect((await prisma.appropriation.findUniqueOrThrow({ where: { id: row.id } })).amount).toBe(amount);
  });

  it("answers a lookup by a value holding U+0000 with nothing found, inside and outside a transaction, on either database", async () => {
    const slug = `nul-${Date.now()}`;
    await prisma.municipality.create({ data: { slug, nameKy: "a", nameRu: "a", nameEn: "a", region: "a" } });
    await expect(prisma.municipality.findUnique({ where: { slug: "\u0000" } })).resolves.toBeNull();
    const inside = await prisma.$transaction(async (tx) =>
      tx.municipality.findMany({ where: { slug: { in: ["\u0000", `${slug}\u0000`] } } }),
    );
    // PostgreSQL cannot hold U+0000, so it is dropped there: the second value then names the row.
    expect(inside.map((m) => m.slug)).toEqual(databaseKind() === "postgresql" ? [slug] : []);
  });

  describe("after a COMMIT that fails (issue 16, item 6: the SQLite wedge)", () => {
    // A wedged lock makes every later query wait for ever; a generous bound turns that into a failure.
    const answered = <T>(promise: Promise<T>) =>
      Promise.race([
        promise,
        sleep(30_000).then(() => Promise.reject(new Error("the database did not answer: its lock was not released"))),
      ]);

    /** Writes a row, then makes COMMIT itself fail with a constraint checked only at COMMIT. */
    async function commitThatFails(slug: string) {
      return prisma.$transaction(async (tx) => {
        await tx.municipality.create({ data: { slug, nameKy: "x", nameRu: "x", nameEn: "x", region: "x" } });
        if (databaseKind() === "sqlite") {
          await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
          await tx.$executeRawUnsafe(
            `INSERT INTO "BudgetProgramme" ("id", "municipalityId", "code", "nameKy", "nameRu", "nameEn") VALUES ('${slug}', 'no-such-municipality', 'P', 'p', 'p', 'p')`,
          );
        } else {
          await tx.$executeRawUnsafe(
            `CREATE TEMP TABLE "commit_check" ("id" int, CONSTRAINT "commit_check_once" UNIQUE ("id") DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP`,
          );
          await tx.$executeRawUnsafe(`INSERT INTO "commit_check" VALUES (1), (1)`);
        }
      });
    }

    it("rolls the transaction back, releases the lock and keeps answering", async () => {
      const slug = `failed-commit-${Date.now()}`;
      const failure = await commitThatFails(slug).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/foreign ?key|unique|duplicate/i);
      // Queries outside a transaction, a new transaction, and parallel ones all run.
      expect(await answered(prisma.municipality.count({ where: { slug } }))).toBe(0);
      const written = await answered(
        Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            prisma.$transaction((tx) =>
              tx.municipality.create({ data: { slug: `${slug}-after-${i}`, nameKy: "y", nameRu: "y", nameEn: "y", region: "y" } }),
            ),
          ),
        ),
      );
      expect(written).toHaveLength(5);
      expect(await answered(prisma.municipality.count({ where: { slug: { startsWith: `${slug}-after-` } } }))).toBe(5);
      // Nothing of the failed transaction was kept, not even after the next commits.
      expect(await prisma.municipality.count({ where: { slug } })).toBe(0);
      expect(await prisma.budgetProgramme.count({ where: { municipalityId: "no-such-municipality" } })).toBe(0);
    });

    it("survives repeated failures, and a COMMIT that fails after the database already ended the transaction", async () => {
      const slug = `failed-again-${Date.now()}`;
      for (let i = 0; i < 3; i++) await expect(answered(commitThatFails(`${slug}-${i}`))).rejects.toThrow();
      // As SQLite does on some I/O errors: the transaction is already gone when COMMIT arrives.
      const ended = prisma.$transaction(async (tx) => {
        await tx.municipality.create({ data: { slug, nameKy: "x", nameRu: "x", nameEn: "x", region: "x" } });
        await tx.$executeRawUnsafe("ROLLBACK");
      });
      const outcome = await answered(
        ended.then(
          () => "committed",
          () => "failed",
        ),
      );
      expect(await answered(prisma.municipality.count({ where: { slug: { startsWith: slug } } }))).toBe(0);
      // SQLite refuses the COMMIT; PostgreSQL only warns. Either way the next transaction runs.
      expect(outcome).toBe(databaseKind() === "sqlite" ? "failed" : "committed");
      await expect(answered(prisma.$transaction((tx) => tx.municipality.count()))).resolves.toBeGreaterThanOrEqual(0);
    });
  });
});
