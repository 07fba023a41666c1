// The audit sealer (decision 0064). Writers insert events unsealed, with no
// lock; the sealer gives them their place in the hash chain after they
// committed. One sealer at a time: on PostgreSQL an advisory lock that only
// the sealer takes, on SQLite the one writer. Positions are appended after the
// last sealed one, in the order the sealer sees events committed, so an event
// that commits late (with a smaller seq) is sealed in a later pass, after
// everything already sealed, never before it.
import type { DatabaseKind, Db, Tx } from "~/utils/db.server";
import { databaseKind } from "~/utils/db.server";
import { contentDigest, GENESIS_HASH, hashAuditEvent } from "./audit-chain";
import { currentAuditKey, macOfHash } from "./audit-key.server";

// Arbitrary constant naming the sealer's advisory lock on PostgreSQL (the writers' lock of decision 0003 before 0064).
const SEALER_LOCK_KEY = 7_270_001;

let listener: (() => void) | null = null;

/** The server process listens (utils/background.server.ts) to seal soon after a write; tests and scripts do not. */
export function onAuditWritten(fn: (() => void) | null) {
  listener = fn;
}

/** Called by recordAudit: cheap, never blocks the writer (the listener only schedules a pass). */
export function auditWritten() {
  listener?.();
}

/**
 * Seals every event committed before it looked, in passes of `batchSize`.
 * Safe to run from any number of processes at once: passes queue on the lock,
 * and the unique `position` refuses a fork even if they did not.
 */
export async function sealAuditLog(
  db: Db,
  { batchSize = 500, kind = databaseKind() }: { batchSize?: number; kind?: DatabaseKind } = {},
): Promise<{ sealed: number }> {
  let sealed = 0;
  for (;;) {
    const count = await db.$transaction((tx) => sealPass(tx, batchSize, kind), { maxWait: 60_000, timeout: 120_000 });
    sealed += count;
    if (count < batchSize) return { sealed };
  }
}

async function sealPass(tx: Tx, batchSize: number, kind: DatabaseKind) {
  if (kind === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEALER_LOCK_KEY})`);
  // Read after the lock: under READ COMMITTED these see every pass that finished before it.
  const last = await tx.auditEvent.findFirst({
    where: { position: { not: null } },
    orderBy: { position: "desc" },
    select: { position: true, hash: true },
  });
  const pending = await tx.auditEvent.findMany({ where: { position: null }, orderBy: { seq: "asc" }, take: batchSize });
  if (pending.length === 0) return 0;
  const key = currentAuditKey();
  const sealedAt = new Date();
  let previous = { position: last?.position ?? 0, hash: last?.hash ?? GENESIS_HASH };
  for (const event of pending) {
    const position = previous.position + 1;
    const hash = hashAuditEvent({ ...event, seq: position, prevHash: previous.hash });
    // Only what the portal wrote (its content MAC checks) is keyed: a row inserted behind its back is
    // sealed unkeyed, and `audit:verify` with the key names it (decision 0049's forged append).
    const vouched = key !== null && event.mac !== "" && event.mac === macOfHash(contentDigest(event), key);
    const updated = await tx.auditEvent.updateMany({
      where: { seq: event.seq, position: null },
      data: { position, prevHash: previous.hash, hash, mac: vouched ? macOfHash(hash, key) : "", sealedAt },
    });
    if (updated.count !== 1) throw new Error(`audit event ${event.seq} was sealed by another sealer`);
    previous = { position, hash };
  }
  return pending.length;
}

/** Seal lag for /metrics: how many events wait, and how long the oldest has waited. */
export async function auditSealLag(db: Db, now = new Date()) {
  const [unsealed, oldest] = await Promise.all([
    db.auditEvent.count({ where: { position: null } }),
    db.auditEvent.findFirst({ where: { position: null }, orderBy: { seq: "asc" }, select: { occurredAt: true } }),
  ]);
  return { unsealed, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.occurredAt.getTime()) / 1000) : 0 };
}
