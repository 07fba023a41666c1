// `npm run files:to-database`: every file a row refers to is copied from disk
// into the database with its SHA-256 verified; a re-run writes nothing; a file
// whose bytes do not match its row is named and not copied (decision 0060).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-to-database-${process.pid}-${Date.now()}`;
});

import {
  databaseFileSize,
  hashStoredFile,
  pathForKey,
  readDiskFile,
  storageRoot,
  storeBytes,
  useFileStore,
  writeChunks,
} from "~/domains/files/storage.server";
import { prisma } from "~/utils/db.server";

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

afterAll(() => {
  useFileStore(undefined);
  rmSync(storageRoot(), { recursive: true, force: true });
});

async function migrate(...args: string[]) {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/files-to-database.ts", ...args], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        SESSION_SECRET: "",
        DATABASE_URL: process.env.DATABASE_URL!,
        STORAGE_DIR: storageRoot(),
        FILE_STORE: "disk",
      },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** A file stored on disk with an Attachment row recording its hash. */
async function diskFile(content: Buffer, recordedHash = sha256(content)) {
  useFileStore("disk");
  const storageKey = await storeBytes(content);
  await prisma.attachment.create({
    data: { storageKey, originalName: "a.pdf", mediaType: "application/pdf", size: content.length, sha256: recordedHash },
  });
  return storageKey;
}

const chunkRows = async () => (await prisma.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "FileChunk"`)[0]!.n;

describe("npm run files:to-database", () => {
  it("copies every file into the database with its hash verified, resumes, and a re-run is a no-op", async () => {
    const contents = [
      Buffer.from("%PDF-1.7 small"),
      Buffer.concat([Buffer.from("%PDF-1.7 "), Buffer.alloc(200_000, 7)]),
      Buffer.from("%PDF-1.7 third"),
    ];
    const keys: string[] = [];
    for (const content of contents) keys.push(await diskFile(content));
    // An earlier, interrupted run had copied the first file already.
    await prisma.$transaction((tx) => writeChunks(tx, keys[0]!, readDiskFile(pathForKey(keys[0]!))));

    const first = await migrate();
    expect(first.output).toContain("Copied 2, verified 3 of 3");
    expect(first.code).toBe(0);
    useFileStore("database");
    for (const [i, key] of keys.entries()) {
      rmSync(pathForKey(key));
      expect(await hashStoredFile(key)).toBe(sha256(contents[i]!));
    }
    const rows = await chunkRows();

    const again = await migrate();
    expect(again.output).toContain("Copied 0, verified 3 of 3");
    expect(again.code).toBe(0);
    expect(await chunkRows()).toBe(rows);
  }, 120_000);

  it("names a file whose bytes differ from its row's hash, or that is gone, copies neither and exits 1; --delete removes verified disk copies", async () => {
    await prisma.attachment.deleteMany();
    const good = await diskFile(Buffer.from("%PDF-1.7 good"));
    const tampered = await diskFile(Buffer.from("%PDF-1.7 tampered"), "0".repeat(64));
    const gone = await diskFile(Buffer.from("%PDF-1.7 gone"));
    rmSync(pathForKey(gone));

    const result = await migrate("--delete");
    expect(result.code).toBe(1);
    expect(result.output).toContain("Copied 1, verified 1 of 3");
    expect(result.output).toContain(`hash mismatch on disk: ${tampered}`);
    expect(result.output).toContain(`missing: ${gone}`);
    expect(result.output).toContain("deleted 1 disk copies");
    useFileStore("database");
    expect(await databaseFileSize(tampered)).toBeNull();
    expect(existsSync(pathForKey(tampered))).toBe(true);
    expect(existsSync(pathForKey(good))).toBe(false);
    expect(await hashStoredFile(good)).toBe(sha256(Buffer.from("%PDF-1.7 good")));
  }, 120_000);
});
