import { randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "~/utils/env.server";

// Files live under STORAGE_DIR (outside public/), named by a random key and
// never by anything a user typed. Two hex characters of the key make a
// sub-folder so that no folder grows past a few thousand entries.

const KEY_PATTERN = /^[0-9a-f]{32}$/;
const INCOMING = ".incoming";

export function storageRoot(): string {
  return path.resolve(getEnv().STORAGE_DIR);
}

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The file's place on disk; throws on anything that is not a generated key. */
export function pathForKey(key: string): string {
  if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key).slice(0, 80)}`);
  return path.join(storageRoot(), key.slice(0, 2), key);
}

/**
 * A new empty file to stream an upload into. It is inside STORAGE_DIR so that
 * moving it into place later is an atomic rename on the same file system.
 */
export async function createIncomingFile(): Promise<{ path: string; handle: FileHandle }> {
  const dir = path.join(storageRoot(), INCOMING);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${newStorageKey()}.part`);
  return { path: file, handle: await open(file, "wx", 0o600) };
}

/** Moves a complete, already fsynced file to its key, and makes the rename itself durable. */
export async function placeFile(incomingPath: string, key: string): Promise<void> {
  const target = pathForKey(key);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  await rename(incomingPath, target);
  await syncDirectory(dir);
}

async function syncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export async function removeStoredFile(key: string): Promise<void> {
  await removeFile(pathForKey(key));
}

/** A row whose file is gone (a lost disk, a bad restore) must answer 404, not fail mid-stream. */
export function storedFileExists(key: string) {
  return existsSync(pathForKey(key));
}

/** Reads a stored file in chunks (64 KiB), never whole. */
export function openStoredFile(key: string) {
  return createReadStream(pathForKey(key), { highWaterMark: 64 * 1024 });
}

/** Writes bytes under a new key durably: a temporary file, fsynced, renamed into place, the rename fsynced. */
export async function storeBytes(bytes: Buffer): Promise<string> {
  const key = newStorageKey();
  const incoming = await createIncomingFile();
  try {
    await incoming.handle.writeFile(bytes);
    await incoming.handle.sync();
  } finally {
    await incoming.handle.close();
  }
  try {
    await placeFile(incoming.path, key);
  } catch (error) {
    await removeFile(incoming.path);
    throw error;
  }
  return key;
}

export type StoreFile = (bytes: Buffer) => Promise<string>;

/**
 * Generated documents (letters, agreements): `record` writes the rows that
 * point at files, and stores each file with `store` before its row. If
 * `record` fails, the files it stored are removed, except those a row may
 * refer to: a COMMIT cut off by a lost connection (PostgreSQL stopped or
 * crashed, the network) fails with its outcome unknown, and its rows may be
 * stored. `isRecorded(key)` asks the database whether a row refers to the
 * key; when it says so, or cannot answer, the file stays (decision 0040).
 * A crash in between leaves at most an orphan file, never a row without its file.
 */
export async function withStoredFiles<T>(record: (store: StoreFile) => Promise<T>, isRecorded?: (key: string) => Promise<boolean>): Promise<T> {
  const stored: string[] = [];
  try {
    return await record(async (bytes) => {
      const key = await storeBytes(bytes);
      stored.push(key);
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
