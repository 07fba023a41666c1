/**
 * `npm run files:to-database [-- --delete]`: copies every stored file that a
 * row refers to (attachments, award letters, agreement PDFs) from STORAGE_DIR
 * into the database (FileChunk rows, decision 0060), and verifies each one's
 * SHA-256 against the hash on its row, on disk before the copy and in the
 * database after it.
 *
 * Each file is copied in a transaction of its own, so an interrupted run
 * leaves whole files only; a re-run copies what is missing and verifies what
 * is there (writing nothing when everything is in place). It may run while
 * the portal runs, in either FILE_STORE mode. With --delete a disk copy is
 * removed once its database copy is verified.
 *
 * Exits 0 when every file is in the database with its recorded hash; 1 when
 * any is missing from both places or does not match its hash (each is named).
 */
import { createHash, randomBytes } from "node:crypto";
import { parseEnv } from "../app/utils/env.server";

// The command signs no cookies; a production shell without the secret must still be able to run it.
process.env.SESSION_SECRET ||= randomBytes(32).toString("hex");
parseEnv(process.env);

const { prisma } = await import("../app/utils/db.server");
const { databaseFileSize, diskFileSize, pathForKey, readChunks, readDiskFile, removeFile, writeChunks } =
  await import("../app/domains/files/storage.server");

const remove = process.argv.includes("--delete");

type StoredFile = { key: string; sha256: string; owner: string };

async function referencedFiles(): Promise<StoredFile[]> {
  const files = new Map<string, StoredFile>();
  const add = (key: string | null, sha256: string | null, owner: string) => {
    if (key && sha256 && !files.has(key)) files.set(key, { key, sha256, owner });
  };
  for (const a of await prisma.attachment.findMany({ select: { id: true, storageKey: true, sha256: true }, orderBy: { createdAt: "asc" } }))
    add(a.storageKey, a.sha256, `Attachment ${a.id}`);
  for (const l of await prisma.awardLetter.findMany({ select: { id: true, storageKey: true, sha256: true }, orderBy: { issuedAt: "asc" } }))
    add(l.storageKey, l.sha256, `AwardLetter ${l.id}`);
  for (const v of await prisma.agreementVersion.findMany({
    where: { pdfStorageKey: { not: null } },
    select: { id: true, pdfStorageKey: true, pdfSha256: true },
  })) {
    add(v.pdfStorageKey, v.pdfSha256, `AgreementVersion ${v.id}`);
  }
  return [...files.values()];
}

async function sha256Of(chunks: AsyncIterable<Buffer>) {
  const hash = createHash("sha256");
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
}

/** A disk file read while hashed; the hash is known once the iterable is consumed. */
function hashing(source: AsyncIterable<Buffer>) {
  const hash = createHash("sha256");
  const result = { digest: "" };
  async function* pass() {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
    result.digest = hash.digest("hex");
  }
  return { chunks: pass(), result };
}

class HashMismatch extends Error {}

const counts = { copied: 0, verified: 0, deleted: 0 };
const problems: string[] = [];
const files = await referencedFiles();
console.log(`${files.length} stored file(s) referenced by rows.`);

for (const file of files) {
  try {
    if ((await databaseFileSize(file.key)) === null) {
      if ((await diskFileSize(file.key)) === null) {
        problems.push(`missing: ${file.key} (${file.owner}) is neither in the database nor in ${pathForKey(file.key)}`);
        continue;
      }
      // The disk copy is hashed while it is written; a mismatch rolls the copy back.
      const { chunks, result } = hashing(readDiskFile(pathForKey(file.key)));
      try {
        await prisma.$transaction(
          async (tx) => {
            await writeChunks(tx, file.key, chunks);
            if (result.digest !== file.sha256) throw new HashMismatch();
          },
          { timeout: 600_000 },
        );
        counts.copied++;
      } catch (error) {
        if (error instanceof HashMismatch) {
          problems.push(
            `hash mismatch on disk: ${file.key} (${file.owner}) has SHA-256 ${result.digest}, its row says ${file.sha256}; not copied`,
          );
          continue;
        }
        // Another run (or the portal) stored it meanwhile: verified below like any file already there.
        if ((await databaseFileSize(file.key)) === null) throw error;
      }
    }
    const stored = await sha256Of(readChunks(file.key));
    if (stored !== file.sha256) {
      problems.push(`hash mismatch in the database: ${file.key} (${file.owner}) has SHA-256 ${stored}, its row says ${file.sha256}`);
      continue;
    }
    counts.verified++;
    if (remove && (await diskFileSize(file.key)) !== null) {
      await removeFile(pathForKey(file.key));
      counts.deleted++;
    }
  } catch (error) {
    problems.push(`failed: ${file.key} (${file.owner}): ${(error as Error).message}`);
  }
}

console.log(
  `Copied ${counts.copied}, verified ${counts.verified} of ${files.length} in the database (SHA-256 as recorded)` +
    (remove ? `, deleted ${counts.deleted} disk copies` : "") +
    ".",
);
for (const problem of problems) console.error(problem);
if (problems.length) console.error(`${problems.length} file(s) not in the database with their recorded hash: see above.`);
await prisma.$disconnect();
process.exit(problems.length ? 1 : 0);
