// The storage module's two backends (decision 0060) behave alike: a received
// file saved in a transaction is served byte for byte, a rollback leaves no
// content, a missing file answers 404. The database backend streams a 50 MB
// file in and out with memory bounded.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STORAGE_DIR = `test-data/files-storage-${process.pid}-${Date.now()}`;
});

import { prisma } from "~/utils/db.server";
import { actorOf, createUser } from "../../../tests/factories";
import { multipartRequest, peakLiveMemoryGrowth, samplePdf } from "../../../tests/factories-organizations";
import { MiB } from "./file-rules";
import { attachmentResponse, discardUpload, receiveUpload, saveAttachment, type ReceivedUpload } from "./files.server";
import {
  CHUNK_BYTES,
  createIncomingFile,
  fileStoreKind,
  hashStoredFile,
  newStorageKey,
  openStoredFile,
  pathForKey,
  placeFile,
  removeStoredFile,
  storageRoot,
  storeBytes,
  storedFileExists,
  storedFileSize,
  useFileStore,
  withStoredFiles,
} from "./storage.server";

afterAll(() => {
  useFileStore(undefined);
  rmSync(storageRoot(), { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function upload(content: Uint8Array, filename = "charter.pdf") {
  const { request } = multipartRequest("http://localhost/upload", [{ name: "file", filename, contentType: "application/pdf", content }]);
  return receiveUpload(request, { fileFields: ["file"] });
}

async function uploader() {
  const user = await createUser();
  return actorOf(user, ["NCO_ADMIN"]);
}

const incomingLeft = () => {
  const dir = path.join(storageRoot(), ".incoming");
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe.each(["disk", "database"] as const)("the %s backend", (kind) => {
  beforeAll(() => useFileStore(kind));
  const uploads: ReceivedUpload[] = [];
  afterEach(async () => {
    for (const received of uploads.splice(0)) await discardUpload(received);
  });

  it("keeps a saved upload and serves it byte for byte, with its size and type", async () => {
    expect(fileStoreKind()).toBe(kind);
    // Several chunks in the database, the last one short.
    const content = samplePdf("x".repeat(2 * CHUNK_BYTES + 1234));
    const received = await upload(content);
    uploads.push(received);
    const actor = await uploader();
    const attachment = await prisma.$transaction((tx) => saveAttachment(tx, { actor, file: received.files[0]!, organizationId: null }));
    await discardUpload(received);
    expect(incomingLeft()).toEqual([]);
    const { storageKey } = await prisma.attachment.findUniqueOrThrow({ where: { id: attachment.id }, select: { storageKey: true } });

    expect(await storedFileSize(storageKey)).toBe(content.length);
    expect(await hashStoredFile(storageKey)).toBe(sha256(content));
    expect(existsSync(pathForKey(storageKey))).toBe(kind === "disk");
    expect(await prisma.fileChunk.count({ where: { storageKey } })).toBe(kind === "database" ? Math.ceil(content.length / CHUNK_BYTES) : 0);

    const response = await attachmentResponse({
      storageKey,
      originalName: "Устав.pdf",
      mediaType: attachment.mediaType,
      sha256: attachment.sha256,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBe(String(content.length));
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(content))).toBe(true);
  });

  it("keeps nothing of an upload whose transaction rolled back", async () => {
    const received = await upload(samplePdf("rolled back"));
    uploads.push(received);
    const actor = await uploader();
    await expect(
      prisma.$transaction(async (tx) => {
        await saveAttachment(tx, { actor, file: received.files[0]!, organizationId: null });
        throw new Error("the caller's rule failed");
      }),
    ).rejects.toThrow("the caller's rule failed");
    const key = received.files[0]!.storageKey!;
    await discardUpload(received);
    expect(await storedFileExists(key)).toBe(false);
    expect(incomingLeft()).toEqual([]);
    expect(await prisma.fileChunk.count({ where: { storageKey: key } })).toBe(0);
  });

  it("answers 404, not a failure mid-stream, for a row whose file is missing", async () => {
    const key = await storeBytes(Buffer.from("%PDF-1.7 soon gone"));
    expect(await storedFileExists(key)).toBe(true);
    await removeStoredFile(key);
    expect(await storedFileSize(key)).toBeNull();
    const thrown = await attachmentResponse({
      storageKey: key,
      originalName: "gone.pdf",
      mediaType: "application/pdf",
      sha256: "0".repeat(64),
    }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await storedFileSize(newStorageKey())).toBeNull();
  });

  it("stores a generated document with the transaction of its row: both commit, or neither stays", async () => {
    let committed = "";
    await withStoredFiles((store) =>
      prisma.$transaction(async (tx) => {
        committed = await store(Buffer.from("%PDF-1.7 committed with its row"), tx);
        await tx.attachment.create({
          data: { storageKey: committed, originalName: "a.pdf", mediaType: "application/pdf", size: 31, sha256: "0".repeat(64) },
        });
      }),
    );
    expect(await hashStoredFile(committed)).toBe(sha256(Buffer.from("%PDF-1.7 committed with its row")));

    let rolledBack = "";
    await expect(
      withStoredFiles((store) =>
        prisma.$transaction(async (tx) => {
          rolledBack = await store(Buffer.from("%PDF-1.7 rolled back with its row"), tx);
          throw new Error("the row's rule failed");
        }),
      ),
    ).rejects.toThrow("the row's rule failed");
    expect(await storedFileExists(rolledBack)).toBe(false);
  });

  it("refuses a key that is not a generated one", async () => {
    await expect(storedFileSize("../../etc/passwd")).rejects.toThrow(/not a storage key/);
    await expect(placeFile("/dev/null", "ABC")).rejects.toThrow(/not a storage key/);
  });
});

describe("the database backend with a 50 MB file", () => {
  beforeAll(() => useFileStore("database"));

  /** Writes `size` pseudo-random bytes to an incoming file 1 MiB at a time; returns its path and SHA-256. */
  async function bigIncomingFile(size: number) {
    const { path: file, handle } = await createIncomingFile();
    const hash = createHash("sha256");
    const block = randomBytes(MiB);
    try {
      for (let written = 0; written < size; written += MiB) {
        const piece = block.subarray(0, Math.min(MiB, size - written));
        // Each MiB differs from the last, so no chunk repeats.
        piece.writeUInt32BE(written / MiB, 0);
        hash.update(piece);
        await handle.write(piece);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { file, sha256: hash.digest("hex") };
  }

  async function storeAndReadBack(size: number) {
    const { file, sha256: expected } = await bigIncomingFile(size);
    const key = newStorageKey();
    const { result, growth } = await peakLiveMemoryGrowth(async () => {
      await prisma.$transaction((tx) => placeFile(file, key, tx), { timeout: 120_000 });
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of await openStoredFile(key)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      return { bytes, sha256: hash.digest("hex") };
    });
    rmSync(file, { force: true });
    if (result instanceof Error) throw result;
    expect(result).toEqual({ bytes: size, sha256: expected });
    expect(await storedFileSize(key)).toBe(size);
    await removeStoredFile(key);
    return growth;
  }

  it("streams it in and out, with memory bounded", async () => {
    const size = 50 * MiB;
    const growth = await storeAndReadBack(size);
    console.info(`database backend, ${size / MiB} MiB stored and read back: peak live memory growth ${(growth / MiB).toFixed(1)} MiB`);
    // Live memory after full collections (measured 7.6 MiB on SQLite, 22.4 MiB on PostgreSQL); holding the
    // file whole through Prisma would take its hex text (100 MiB) or, as the adapters return bytes, 400 MiB.
    expect(growth).toBeLessThan(40 * MiB);
  }, 300_000);
});
