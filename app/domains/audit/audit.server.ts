import type { Db, Tx } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { auditJson, chainView, contentDigest, findChainBreak, GENESIS_HASH, type AuditHead, type ChainBreak } from "./audit-chain";
import { currentAuditKey, macOfHash } from "./audit-key.server";
import { auditWritten } from "./audit-sealer.server";

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

/**
 * Appends an event inside the caller's transaction, so the event commits or
 * rolls back with the change it records. It takes no lock and computes no
 * chain: the event is inserted unsealed, and the sealer (audit-sealer.server.ts)
 * gives it its place in the hash chain after it committed (decision 0064).
 * With the audit key the writer MACs the event's content, so that the sealer
 * keys only what the portal wrote.
 */
export async function recordAudit(tx: Tx, input: AuditInput) {
  const content = {
    occurredAt: input.now ?? new Date(),
    actorId: input.actor?.id ?? null,
    actorLabel: input.actor?.label ?? "system",
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: auditJson(input.before),
    after: auditJson(input.after),
    ipAddress: input.ipAddress ?? "",
  };
  const key = currentAuditKey();
  const event = await tx.auditEvent.create({
    data: { ...content, prevHash: "", hash: "", mac: key ? macOfHash(contentDigest(content), key) : "" },
    select: { seq: true },
  });
  auditWritten();
  return event;
}

export type VerifyOptions = {
  pageSize?: number;
  /** With the key, every event from the first keyed one on must carry its HMAC, and so must the newest. */
  key?: Buffer | null;
  /** A head published earlier: the chain must still hold it (nothing truncated, nothing re-chained). */
  against?: AuditHead;
};

type VerifyResult = { checked: number; break: ChainBreak | null; head: AuditHead; unsealed: number };

/**
 * Walks the whole sealed chain in pages (in `position` order, which is the
 * chain's `seq`); returns the first broken event, or null, and the head it
 * ends at. Unsealed events are not part of the chain yet: they are counted.
 */
export async function verifyAuditChain(db: Db, { pageSize = 2000, key = null, against }: VerifyOptions = {}): Promise<VerifyResult> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let keyedSeen = false;
  let newestKeyed = true;
  let heldHead = against === undefined || against.size === 0;
  const unsealed = await db.auditEvent.count({ where: { position: null } });
  const result = (broken: ChainBreak | null, count: number): VerifyResult => ({
    checked: count,
    break: broken,
    head: { size: previous.seq, hash: previous.hash },
    unsealed,
  });
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { position: { gt: previous.seq } }, orderBy: { position: "asc" }, take: pageSize });
    const page = rows.map(chainView);
    if (page.length === 0) break;
    const broken = findChainBreak(page, previous) ?? (key ? findMacBreak(page, key, keyedSeen) : null);
    if (broken) return result(broken, checked + page.findIndex((e) => e.seq === broken.seq));
    if (key) {
      keyedSeen ||= page.some((e) => e.mac !== "");
      newestKeyed = page[page.length - 1]!.mac !== "";
    }
    if (against && !heldHead) {
      const published = page.find((e) => e.seq === against.size);
      if (published && published.hash !== against.hash)
        return result({ seq: against.size, reason: "rewritten" }, checked + page.indexOf(published));
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

/**
 * The sealed log's head: the newest sealed event's position and hash, when it
 * happened and when it was sealed. Published at /open-data/audit-head.json and
 * on /open-data, and logged hourly.
 */
export async function currentAuditHead(db: Db): Promise<AuditHead & { at: Date | null; sealedAt: Date | null }> {
  const newest = await db.auditEvent.findFirst({
    where: { position: { not: null } },
    orderBy: { position: "desc" },
    select: { position: true, hash: true, occurredAt: true, sealedAt: true },
  });
  return newest
    ? { size: newest.position!, hash: newest.hash, at: newest.occurredAt, sealedAt: newest.sealedAt }
    : { size: 0, hash: GENESIS_HASH, at: null, sealedAt: null };
}

export async function listAuditEvents(db: Db, filter: { entityType?: string; entityId?: string; take?: number }) {
  return db.auditEvent.findMany({
    where: { entityType: filter.entityType, entityId: filter.entityId },
    orderBy: { seq: "desc" },
    take: filter.take ?? 100,
  });
}
