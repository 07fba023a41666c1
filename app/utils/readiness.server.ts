import { randomBytes } from "node:crypto";
import { mkdir, open, rm, statfs } from "node:fs/promises";
import path from "node:path";
import { MAX_FILE_BYTES } from "~/domains/files/file-rules";
import { errorCode } from "./guards";
import { databaseKind, pendingMigrations, prisma } from "./db.server";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

/**
 * Whether this instance should receive requests (decision 0056). `/healthz`
 * only says the process answers; `/readyz` says it can serve: not shutting
 * down, the database answering, STORAGE_DIR writable with room for an upload,
 * and every migration of this release applied. Each check has a deadline, so
 * a stuck database makes readiness fail instead of hang.
 */

type Lifecycle = { draining: boolean; migrationsApplied: boolean; lastOutcome: Record<string, string> };
declare global {
  // Shared by the server process (server-start.ts) and the built app, which import this module separately.
  var __portalLifecycle: Lifecycle | undefined;
}
const lifecycle: Lifecycle = (globalThis.__portalLifecycle ??= { draining: false, migrationsApplied: false, lastOutcome: {} });

/** From SIGTERM on, readiness answers 503 while requests are still served (the drain). */
export function markDraining() {
  lifecycle.draining = true;
}

export function isDraining() {
  return lifecycle.draining;
}

export const CHECK_TIMEOUT_MS = 3000;

class CheckFailed extends Error {
  constructor(
    readonly outcome: string,
    detail: string,
  ) {
    super(detail);
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed("timeout", `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Writes, reads back the size of, and removes a small file in STORAGE_DIR, and
 * checks that an upload of the largest allowed size still fits. Throws
 * CheckFailed("unwritable" | "full") with the file system's own message.
 */
export async function probeStorage(dir: string) {
  const incoming = path.join(path.resolve(dir), ".incoming");
  const probe = path.join(incoming, `ready-${process.pid}-${randomBytes(6).toString("hex")}.probe`);
  try {
    await mkdir(incoming, { recursive: true });
    const handle = await open(probe, "wx", 0o600);
    try {
      await handle.write(randomBytes(4096));
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = errorCode(error);
    throw new CheckFailed(
      code === "ENOSPC" || code === "EDQUOT" ? "full" : "unwritable",
      `${path.resolve(dir)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
  const space = await statfs(incoming);
  const free = space.bavail * space.bsize;
  if (free < MAX_FILE_BYTES)
    throw new CheckFailed("full", `${path.resolve(dir)}: ${free} bytes free, less than one upload (${MAX_FILE_BYTES})`);
}

const checks: Record<string, () => Promise<void>> = {
  async database() {
    await prisma.$queryRawUnsafe("SELECT 1");
  },
  async storage() {
    await probeStorage(getEnv().STORAGE_DIR);
  },
  async migrations() {
    // Once applied, a release's migrations stay applied: asked again only until then.
    if (lifecycle.migrationsApplied) return;
    const pending = await pendingMigrations(prisma, databaseKind());
    if (pending.length)
      throw new CheckFailed("pending", `${pending.length} migration(s) not applied, first ${pending[0]}; run npm run db:deploy`);
    lifecycle.migrationsApplied = true;
  },
};

export type Readiness = { status: "ready" | "unavailable" | "draining"; checks: Record<string, string> };

export async function readiness(): Promise<Readiness> {
  if (lifecycle.draining) return { status: "draining", checks: { shutdown: "draining" } };
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await within(check(), CHECK_TIMEOUT_MS);
        return [name, "ok"] as const;
      } catch (error) {
        const outcome = error instanceof CheckFailed ? error.outcome : "error";
        report(name, outcome, error);
        return [name, outcome] as const;
      }
    }),
  );
  for (const [name, outcome] of outcomes) if (outcome === "ok") report(name, outcome, null);
  return { status: outcomes.every(([, outcome]) => outcome === "ok") ? "ready" : "unavailable", checks: Object.fromEntries(outcomes) };
}

/** Logs a check's failure, and its recovery, once per change rather than at every probe. */
function report(name: string, outcome: string, error: unknown) {
  if (lifecycle.lastOutcome[name] === outcome) return;
  const before = lifecycle.lastOutcome[name];
  lifecycle.lastOutcome[name] = outcome;
  if (outcome === "ok") {
    if (before) logger.info({ check: name }, "readiness: ok again");
    return;
  }
  logger.error({ err: error, check: name, outcome }, "readiness: check failed");
}
