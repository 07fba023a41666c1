// withStoredFiles when the COMMIT's outcome is unknown (decision 0040): a row
// that was stored keeps its file; a file is removed only when the database
// says no row refers to it. Both backends (decision 0060); a file stored
// without the row's transaction behaves the same in each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { storedFileExists, useFileStore, withStoredFiles } from "./storage.server";

const recorded = async (storageKey: string) => (await prisma.attachment.count({ where: { storageKey } })) > 0;
const row = (storageKey: string) => ({
  storageKey,
  originalName: "letter.pdf",
  mediaType: "application/pdf",
  size: 10,
  sha256: "0".repeat(64),
});

afterAll(() => useFileStore(undefined));

describe.each(["disk", "database"] as const)("withStoredFiles after a failure, %s backend", (kind) => {
  beforeAll(() => useFileStore(kind));

  it("keeps the file of a row that was committed although the commit reported a failure", async () => {
    let key = "";
    await expect(
      withStoredFiles(async (store) => {
        key = await store(Buffer.from("%PDF-1.7 committed"));
        // The row commits; then the answer to COMMIT is lost, as when PostgreSQL stops mid-commit.
        await prisma.attachment.create({ data: row(key) });
        throw new Error("Connection terminated unexpectedly");
      }, recorded),
    ).rejects.toThrow("Connection terminated");
    expect(await recorded(key)).toBe(true);
    expect(await storedFileExists(key)).toBe(true);
  });

  it("keeps the file when the database cannot say whether a row refers to it", async () => {
    let key = "";
    await expect(
      withStoredFiles(
        async (store) => {
          key = await store(Buffer.from("%PDF-1.7 unknown"));
          throw new Error("Connection terminated unexpectedly");
        },
        async () => {
          throw new Error("connect ECONNREFUSED");
        },
      ),
    ).rejects.toThrow("Connection terminated");
    expect(await storedFileExists(key)).toBe(true);
  });

  it("removes the file no row refers to", async () => {
    let key = "";
    await expect(
      withStoredFiles(async (store) => {
        key = await store(Buffer.from("%PDF-1.7 rolled back"));
        await prisma.$transaction(async (tx) => {
          await tx.attachment.create({ data: row(key) });
          throw new Error("the transaction failed");
        });
      }, recorded),
    ).rejects.toThrow("the transaction failed");
    expect(await storedFileExists(key)).toBe(false);
  });
});
