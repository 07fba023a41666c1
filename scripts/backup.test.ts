// The README's backup and restore procedure, followed step by step: a backup
// of a database with data and stored files, in both FILE_STORE modes
// (`npm run backup`: SQLite's backup API, or pg_dump -Fc on PostgreSQL),
// restored into a fresh location (SQLite: the copy's portal.db and files/ put
// in place; PostgreSQL: pg_restore into a new database), then migrated as
// `npm start` would, and checked: the rows, the audit chain
// (`npm run audit:verify`) and the database's integrity.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit, verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { readChunks, storageRoot, storeBytes, useFileStore, type FileStoreKind } from "~/domains/files/storage.server";
import { createPrismaClient, databaseKind, prisma } from "~/utils/db.server";
import { sqlitePath } from "~/utils/env.server";
import { createOrganization, createUser } from "../tests/factories";
import { PG_ADMIN_URL, TEST_DATA_DIR } from "../tests/setup/test-database";

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);
const work = path.join(TEST_DATA_DIR, `backup-${process.pid}-${randomBytes(3).toString("hex")}`);
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  useFileStore(undefined);
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** Runs a script of the project the way its npm script does; returns the exit code and output. */
async function script(file: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), [file, ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "", ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

async function seedData() {
  const users = [await createUser(), await createUser()];
  const organization = await createOrganization();
  for (let i = 1; i <= 5; i++) {
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        actor: { id: users[0]!.id, label: `Officer <${users[0]!.email}>` },
        action: "organization.changed",
        entityType: "Organization",
        entityId: organization.id,
        after: { step: i, amount: BigInt(i) * 1_000n },
      }),
    );
  }
  await sealAuditLog(prisma);
  return { users: await prisma.user.count(), organizations: await prisma.organization.count(), events: await prisma.auditEvent.count() };
}

/** Backs the test's database up by the README's procedure and restores it into a fresh location; returns the restored URL. */
async function backupAndRestore(storage: string, restoredStorage: string, fileStore: FileStoreKind): Promise<string> {
  const source = process.env.DATABASE_URL!;
  // 1. `npm run backup <dir>` while the portal's connection is open.
  const backups = path.join(work, `backups-${fileStore}`);
  const backup = await script("scripts/backup.ts", [backups], { DATABASE_URL: source, STORAGE_DIR: storage, FILE_STORE: fileStore });
  expect(backup.output).toMatch(databaseKind() === "sqlite" ? /integrity ok/ : /pg_dump archive ok, FileChunk included/);
  expect(backup.output).toContain(fileStore === "database" ? "files in the database" : "files/ copied from STORAGE_DIR");
  expect(backup.code).toBe(0);
  const [stamp] = readdirSync(backups);
  const copy = path.join(backups, stamp!);
  if (databaseKind() === "sqlite") {
    // 2. The copy's portal.db in place of the database, without a stale -wal/-shm beside it.
    const restored = path.join(work, `restored-${fileStore}`, "portal.db");
    mkdirSync(path.dirname(restored), { recursive: true });
    for (const suffix of ["-wal", "-shm"]) rmSync(restored + suffix, { force: true });
    copyFileSync(path.join(copy, "portal.db"), restored);
    // 3. The copy's files/ in place of STORAGE_DIR.
    if (existsSync(path.join(copy, "files"))) cpSync(path.join(copy, "files"), restoredStorage, { recursive: true });
    cleanups.push(async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(restored + suffix, { force: true });
    });
    return `file:${restored}`;
  }
  // PostgreSQL: the backup's pg_dump archive restored into a new database, its files/ in place of STORAGE_DIR.
  const dump = path.join(copy, "portal.dump");
  const name = `restored_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const restored = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${name}` }).toString();
  await run("pg_restore", ["--no-owner", "--exit-on-error", "-d", restored, dump]);
  if (existsSync(path.join(copy, "files"))) cpSync(path.join(copy, "files"), restoredStorage, { recursive: true });
  return restored;
}

describe("backup and restore (README, Backups)", () => {
  it.each(["disk", "database"] as const)(
    "restores the rows, the files (FILE_STORE=%s), an intact audit chain and a sound database into a fresh location",
    async (fileStore) => {
      const storage = storageRoot();
      useFileStore(fileStore);
      const storageKey = await storeBytes(Buffer.from(`%PDF-1.4 charter ${fileStore}`));
      await prisma.attachment.create({
        data: { storageKey, originalName: "charter.pdf", mediaType: "application/pdf", size: 20, sha256: "0".repeat(64) },
      });
      const expected = await seedData();
      const restoredStorage = path.join(work, `restored-files-${fileStore}`);

      const url = await backupAndRestore(storage, restoredStorage, fileStore);

      // 4. Start as `npm start` does: migrations apply (nothing is pending) to the restored database.
      await run(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      });
      const restored = createPrismaClient(url);
      cleanups.push(() => restored.$disconnect());
      expect({
        users: await restored.user.count(),
        organizations: await restored.organization.count(),
        events: await restored.auditEvent.count(),
      }).toEqual(expected);
      expect(await verifyAuditChain(restored)).toMatchObject({ checked: expected.events, break: null });
      const verify = await script("scripts/audit-verify.ts", [], { DATABASE_URL: url });
      expect(verify.output).toMatch(new RegExp(`intact: ${expected.events} event\\(s\\) verified`));
      expect(verify.code).toBe(0);
      // The stored file came back: on disk in the restored folder, or as rows of the restored database.
      const restoredFile =
        fileStore === "disk"
          ? readFileSync(path.join(restoredStorage, storageKey.slice(0, 2), storageKey), "utf8")
          : await (async () => {
              const chunks: Buffer[] = [];
              for await (const chunk of readChunks(storageKey, restored)) chunks.push(chunk);
              return Buffer.concat(chunks).toString("utf8");
            })();
      expect(restoredFile).toBe(`%PDF-1.4 charter ${fileStore}`);
      if (fileStore === "database") expect(existsSync(path.join(restoredStorage, storageKey.slice(0, 2), storageKey))).toBe(false);

      if (databaseKind() === "sqlite") {
        const file = new Database(sqlitePath(url), { readonly: true });
        expect(file.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(file.pragma("foreign_key_check")).toEqual([]);
        file.close();
      }
      // The append-only trigger came back with the schema: the restored chain still refuses edits.
      await expect(restored.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'edited'`)).rejects.toThrow();
    },
  );

  it("on PostgreSQL, says pg_dump failed and leaves no partial backup when the database cannot be read", async () => {
    const failed = await script("scripts/backup.ts", [path.join(work, "never")], { DATABASE_URL: "postgresql://u:p@127.0.0.1:1/portal" });
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/pg_dump failed/);
    expect(readdirSync(path.join(work, "never"))).toEqual([]);
  });
});
