import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { databaseKind, prisma, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { errorCode } from "~/utils/guards";

// Every stored file (uploads, letters, agreement PDFs) is read and written
// through this module, under a random key, never under anything a user typed.
// Two backends, chosen by FILE_STORE (decision 0060):
//  - disk (default, one machine): STORAGE_DIR/<2 hex of the key>/<key>, so no
//    folder grows past a few thousand entries;
//  - database (several machines on one PostgreSQL): FileChunk rows of 32 KiB,
//    written in the transaction of the row that refers to the file, so a row
//    and its content commit (or vanish) together.
// Either way, uploads are first received into STORAGE_DIR/.incoming, a
// temporary file of the machine that receives them.

const KEY_PATTERN = /^[0-9a-f]{32}$/;
const INCOMING = ".incoming";
/**
 * Bytes a FileChunk row holds (the last chunk of a file holds the rest).
 * A chunk crosses Prisma as a hex string twice its size; at 32 KiB that string
 * (64 KB) and its copies stay below V8's large-object size and die young. At
 * 256 KiB they went to the old generation and piled up until a full
 * collection: storing and reading 50 MB grew the process by 238 MB, against
 * 22-45 MB at 32 KiB (decision 0060).
 */
export const CHUNK_BYTES = 32 * 1024;

export type FileStoreKind = "disk" | "database";

let override: FileStoreKind | undefined;

/** The backend in use: FILE_STORE, unless a test chose one with useFileStore. */
export function fileStoreKind(): FileStoreKind {
  return override ?? getEnv().FILE_STORE;
}

/** For tests that run the same cases against both backends; undefined returns to FILE_STORE. */
export function useFileStore(kind: FileStoreKind | undefined) {
  override = kind;
}

export function storageRoot(): string {
  return path.resolve(getEnv().STORAGE_DIR);
}

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

function assertKey(key: string) {
  if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key).slice(0, 80)}`);
}

/** The file's place on disk (the disk backend); throws on anything that is not a generated key. */
export function pathForKey(key: string): string {
  assertKey(key);
  return path.join(storageRoot(), key.slice(0, 2), key);
}

/**
 * A new empty file to stream an upload into. It is inside STORAGE_DIR so that
 * moving it into place later (disk backend) is an atomic rename on the same file system.
 */
export async function createIncomingFile(): Promise<{ path: string; handle: FileHandle }> {
  const dir = path.join(storageRoot(), INCOMING);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${newStorageKey()}.part`);
  return { path: file, handle: await open(file, "wx", 0o600) };
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

// ───────────── disk ─────────────

async function syncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves a complete, fsynced file to its key on disk, and makes the rename itself durable. */
async function placeOnDisk(incomingPath: string, key: string) {
  const target = pathForKey(key);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  await rename(incomingPath, target);
  await syncDirectory(dir);
}

/** The size of the disk copy, or null when there is none. */
export async function diskFileSize(key: string): Promise<number | null> {
  try {
    const info = await stat(pathForKey(key));
    return info.isFile() ? info.size : null;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}

// ───────────── database ─────────────
// Chunks cross the Prisma driver adapters as hex text, encoded and decoded by
// the database (hex()/unhex() on SQLite, encode()/decode() on PostgreSQL):
// both adapters hand a BLOB/bytea result back as a JavaScript array of
// numbers, one per byte, which made a 256 KiB chunk cost ~2 MB of memory and
// reading ran at about 1 MB/s; as hex text it runs about 16 times faster.

async function insertChunk(db: Db | Tx, key: string, position: number, chunk: Buffer) {
  const hex = chunk.toString("hex");
  if (databaseKind() === "postgresql") {
    await db.$executeRaw`INSERT INTO "FileChunk" ("storageKey", "position", "data") VALUES (${key}, ${position}, decode(${hex}, 'hex'))`;
  } else {
    await db.$executeRaw`INSERT INTO "FileChunk" ("storageKey", "position", "data") VALUES (${key}, ${position}, unhex(${hex}))`;
  }
}

async function selectChunk(db: Db | Tx, key: string, position: number): Promise<Buffer | null> {
  const rows =
    databaseKind() === "postgresql"
      ? await db.$queryRaw<
          { hex: string }[]
        >`SELECT encode("data", 'hex') AS "hex" FROM "FileChunk" WHERE "storageKey" = ${key} AND "position" = ${position}`
      : await db.$queryRaw<
          { hex: string }[]
        >`SELECT hex("data") AS "hex" FROM "FileChunk" WHERE "storageKey" = ${key} AND "position" = ${position}`;
  return rows[0] ? Buffer.from(rows[0].hex, "hex") : null;
}

/**
 * Writes a file's content as FileChunk rows, read from `source` one chunk at
 * a time (memory holds one chunk). With `tx` the chunks belong to the
 * caller's transaction; without, to one transaction of their own.
 */
export async function writeChunks(db: Db | Tx, key: string, source: AsyncIterable<Buffer>) {
  assertKey(key);
  const write = async (tx: Db | Tx) => {
    let position = 0;
    for await (const chunk of rechunk(source)) await insertChunk(tx, key, position++, chunk);
  };
  if ("$transaction" in db) await db.$transaction(write, { timeout: 600_000 });
  else await write(db);
}

/** Reads a file on disk (or bytes) as pieces of exactly CHUNK_BYTES, the last one shorter; an empty file is one empty chunk. */
async function* rechunk(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let yielded = false;
  for await (const piece of source) {
    let rest = piece;
    while (pendingBytes + rest.length >= CHUNK_BYTES) {
      const take = CHUNK_BYTES - pendingBytes;
      yield Buffer.concat([...pending, rest.subarray(0, take)]);
      yielded = true;
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.length) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes || !yielded) yield Buffer.concat(pending);
}

/** A file on disk read in CHUNK_BYTES pieces. */
export function readDiskFile(file: string): AsyncIterable<Buffer> {
  return createReadStream(file, { highWaterMark: CHUNK_BYTES });
}

async function* bytesSource(bytes: Buffer) {
  yield bytes;
}

/** The size of the content in the database, or null when it has none. */
export async function databaseFileSize(key: string, db: Db | Tx = prisma): Promise<number | null> {
  assertKey(key);
  // length() of a BLOB (SQLite) and of a bytea (PostgreSQL) is its byte count; PostgreSQL reads it without loading the value.
  const rows = await db.$queryRaw<{ chunks: number | bigint; bytes: number | bigint | null }[]>`
    SELECT COUNT(*) AS "chunks", SUM(length("data")) AS "bytes" FROM "FileChunk" WHERE "storageKey" = ${key}`;
  const row = rows[0];
  if (!row || Number(row.chunks) === 0) return null;
  return Number(row.bytes ?? 0);
}

/** The chunks of a stored file in order, each fetched when the reader wants it: one chunk in memory at a time. */
export async function* readChunks(key: string, db: Db | Tx = prisma): AsyncGenerator<Buffer> {
  assertKey(key);
  for (let position = 0; ; position++) {
    const chunk = await selectChunk(db, key, position);
    if (!chunk) {
      if (position === 0) throw new Error(`stored file missing from the database: ${key}`);
      return;
    }
    yield chunk;
  }
}

// ───────────── the module's interface: the same for both backends ─────────────

/**
 * Moves a complete received file (fsynced, in STORAGE_DIR/.incoming) into
 * storage under `key`. Database backend: pass the transaction that writes the
 * row referring to it, so both commit together; the incoming file stays for
 * discardUpload to remove.
 */
export async function placeFile(incomingPath: string, key: string, tx?: Tx): Promise<void> {
  if (fileStoreKind() === "database") await writeChunks(tx ?? prisma, key, readDiskFile(incomingPath));
  else await placeOnDisk(incomingPath, key);
}

export async function removeStoredFile(key: string): Promise<void> {
  if (fileStoreKind() === "database") await prisma.fileChunk.deleteMany({ where: { storageKey: key } });
  else await removeFile(pathForKey(key));
}

/**
 * The stored file's size in bytes, or null when it is missing (a lost disk, a
 * bad restore, another machine's disk): the caller answers 404, never fails
 * mid-stream. The database backend also finds a file still on this machine's
 * disk, not yet moved by `npm run files:to-database`.
 */
export async function storedFileSize(key: string): Promise<number | null> {
  if (fileStoreKind() === "database") return (await databaseFileSize(key)) ?? (await diskFileSize(key));
  return diskFileSize(key);
}

export async function storedFileExists(key: string): Promise<boolean> {
  return (await storedFileSize(key)) !== null;
}

/** Reads a stored file in chunks, never whole (disk: 64 KiB reads; database: one 32 KiB row at a time). */
export async function openStoredFile(key: string): Promise<Readable> {
  if (fileStoreKind() === "database" && (await databaseFileSize(key)) !== null) {
    return Readable.from(readChunks(key), { objectMode: false, highWaterMark: CHUNK_BYTES });
  }
  return createReadStream(pathForKey(key), { highWaterMark: 64 * 1024 });
}

/**
 * A small stored file whole, for what must hold it in memory (an image drawn
 * into a PDF); null when it is missing or larger than `maxBytes`. Pass the
 * transaction a caller is in: on SQLite a read outside it would wait for it.
 */
export async function readStoredBytes(key: string, maxBytes: number, db: Db | Tx = prisma): Promise<Buffer | null> {
  if (fileStoreKind() === "database" && (await databaseFileSize(key, db)) !== null) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of readChunks(key, db)) {
      size += chunk.length;
      if (size > maxBytes) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
  const size = await diskFileSize(key);
  if (size === null || size > maxBytes) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of readDiskFile(pathForKey(key))) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** SHA-256 (hex) of a stored file, read in chunks; null when it is missing. */
export async function hashStoredFile(key: string): Promise<string | null> {
  if ((await storedFileSize(key)) === null) return null;
  const hash = createHash("sha256");
  for await (const chunk of await openStoredFile(key)) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Writes bytes under a new key durably. Disk: a temporary file, fsynced,
 * renamed into place, the rename fsynced. Database: chunk rows in `tx` when
 * given (they commit with the caller's rows), else in their own transaction.
 */
export async function storeBytes(bytes: Buffer, tx?: Tx): Promise<string> {
  const key = newStorageKey();
  if (fileStoreKind() === "database") {
    await writeChunks(tx ?? prisma, key, bytesSource(bytes));
    return key;
  }
  const incoming = await createIncomingFile();
  try {
    await incoming.handle.writeFile(bytes);
    await incoming.handle.sync();
  } finally {
    await incoming.handle.close();
  }
  try {
    await placeOnDisk(incoming.path, key);
  } catch (error) {
    await removeFile(incoming.path);
    throw error;
  }
  return key;
}

/** Stores bytes under a new key; pass the transaction that writes the row referring to it. */
export type StoreFile = (bytes: Buffer, tx?: Tx) => Promise<string>;

/**
 * Generated documents (letters, agreements): `record` writes the rows that
 * point at files, and stores each file with `store` before its row. If
 * `record` fails, the files it stored are removed, except those a row may
 * refer to: a COMMIT cut off by a lost connection (PostgreSQL stopped or
 * crashed, the network) fails with its outcome unknown, and its rows may be
 * stored. `isRecorded(key)` asks the database whether a row refers to the
 * key; when it says so, or cannot answer, the file stays (decision 0040).
 * A crash in between leaves at most an orphan file, never a row without its
 * file. Database backend: a file stored with the row's transaction needs none
 * of this (it commits or vanishes with the row), so only files stored
 * without one are removed.
 */
export async function withStoredFiles<T>(
  record: (store: StoreFile) => Promise<T>,
  isRecorded?: (key: string) => Promise<boolean>,
): Promise<T> {
  const stored: string[] = [];
  try {
    return await record(async (bytes, tx) => {
      const key = await storeBytes(bytes, tx);
      if (!(tx && fileStoreKind() === "database")) stored.push(key);
      return key;
    });
  } catch (error) {
    for (const key of stored) {
      if (isRecorded && (await isRecorded(key).catch(() => true))) continue;
      await removeStoredFile(key);
    }
    throw error;
  }
}
