import type { Db, Tx } from "~/utils/db.server";
import { databaseKind } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { auditJson, findChainBreak, GENESIS_HASH, hashAuditEvent, type AuditHead, type ChainBreak } from "./audit-chain";
import { currentAuditKey, macOfHash } from "./audit-key.server";

export type AuditInput = {
  actor: Pick<Actor, "id" | "label"> | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ipAddress?: string;
  now?: Date;
};

// Arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
const CHAIN_LOCK_KEY = 7_270_001;

/**
 * Appends an event to the hash chain inside the caller's transaction, so the
 * event commits or rolls back with the change it records. Appends are
 * serialized (an advisory lock on PostgreSQL; SQLite has one writer) so that
 * each event links to exactly one predecessor.
 */
export async function recordAudit(tx: Tx, input: AuditInput) {
  if (databaseKind() === "postgresql") {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
  }
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const fields = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: input.now ?? new Date(),
    actorId: input.actor?.id ?? null,
    actorLabel: input.actor?.label ?? "system",
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: auditJson(input.before),
    after: auditJson(input.after),
    ipAddress: input.ipAddress ?? "",
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditEvent(fields);
  const key = currentAuditKey();
  return tx.auditEvent.create({ data: { ...fields, hash, mac: key ? macOfHash(hash, key) : "" }, select: { seq: true, hash: true } });
}

export type VerifyOptions = {
  pageSize?: number;
  /** With the key, every event from the first keyed one on must carry its HMAC, and so must the newest. */
  key?: Buffer | null;
  /** A head published earlier: the chain must still hold it (nothing truncated, nothing re-chained). */
  against?: AuditHead;
};

type VerifyResult = { checked: number; break: ChainBreak | null; head: AuditHead };

/** Walks the whole chain in pages; returns the first broken event, or null, and the head it ends at. */
export async function verifyAuditChain(db: Db, { pageSize = 2000, key = null, against }: VerifyOptions = {}): Promise<VerifyResult> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let keyedSeen = false;
  let newestKeyed = true;
  let heldHead = against === undefined || against.size === 0;
  const result = (broken: ChainBreak | null, count: number): VerifyResult => ({ checked: count, break: broken, head: { size: previous.seq, hash: previous.hash } });
  for (;;) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: previous.seq } }, orderBy: { seq: "asc" }, take: pageSize });
    if (page.length === 0) break;
    const broken = findChainBreak(page, previous) ?? (key ? findMacBreak(page, key, keyedSeen) : null);
    if (broken) return result(broken, checked + page.findIndex((e) => e.seq === broken.seq));
    if (key) {
      keyedSeen ||= page.some((e) => e.mac !== "");
      newestKeyed = page[page.length - 1]!.mac !== "";
    }
    if (against && !heldHead) {
      const published = page.find((e) => e.seq === against.size);
      if (published && published.hash !== against.hash) return result({ seq: against.size, reason: "rewritten" }, checked + page.indexOf(published));
      if (published) heldHead = true;
    }
    checked += page.length;
    const tail = page[page.length - 1]!;
    previous = { seq: tail.seq, hash: tail.hash };
  }
  if (against && !heldHead) return result({ seq: previous.seq + 1, reason: "truncated" }, checked);
  // The portal writes a MAC on every event while it holds the key: an unkeyed newest event was written without it.
  if (key && checked > 0 && !newestKeyed) return result({ seq: previous.seq, reason: "mac" }, checked - 1);
  return result(null, checked);
}

/** Events before the key was configured carry no MAC; once one is keyed, every later one must be. */
function findMacBreak(events: { seq: number; hash: string; mac: string }[], key: Buffer, keyedBefore: boolean): ChainBreak | null {
  let keyed = keyedBefore;
  for (const event of events) {
    if (event.mac === "") {
      if (keyed) return { seq: event.seq, reason: "mac" };
      continue;
    }
    if (event.mac !== macOfHash(event.hash, key)) return { seq: event.seq, reason: "mac" };
    keyed = true;
  }
  return null;
}

/** The newest event's position and hash, published at /open-data/audit-head.json and logged hourly. */
export async function currentAuditHead(db: Db): Promise<AuditHead & { at: Date | null }> {
  const newest = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, occurredAt: true } });
  return newest ? { size: newest.seq, hash: newest.hash, at: newest.occurredAt } : { size: 0, hash: GENESIS_HASH, at: null };
}

export async function listAuditEvents(db: Db, filter: { entityType?: string; entityId?: string; take?: number }) {
  return db.auditEvent.findMany({
    where: { entityType: filter.entityType, entityId: filter.entityId },
    orderBy: { seq: "desc" },
    take: filter.take ?? 100,
  });
}
