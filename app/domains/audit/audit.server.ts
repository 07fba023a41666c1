import type { Db, Tx } from "~/utils/db.server";
import { databaseKind } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { auditJson, findChainBreak, GENESIS_HASH, hashAuditEvent, type ChainBreak } from "./audit-chain";

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
  return tx.auditEvent.create({ data: { ...fields, hash: hashAuditEvent(fields) }, select: { seq: true, hash: true } });
}

/** Walks the whole chain in pages; returns the first broken event, or null. */
export async function verifyAuditChain(db: Db, pageSize = 2000): Promise<{ checked: number; break: ChainBreak | null }> {
  let previous = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const page = await db.auditEvent.findMany({ where: { seq: { gt: previous.seq } }, orderBy: { seq: "asc" }, take: pageSize });
    if (page.length === 0) return { checked, break: null };
    const broken = findChainBreak(page, previous);
    if (broken) return { checked: checked + page.findIndex((e) => e.seq === broken.seq), break: broken };
    checked += page.length;
    const tail = page[page.length - 1]!;
    previous = { seq: tail.seq, hash: tail.hash };
  }
}

export async function listAuditEvents(db: Db, filter: { entityType?: string; entityId?: string; take?: number }) {
  return db.auditEvent.findMany({
    where: { entityType: filter.entityType, entityId: filter.entityId },
    orderBy: { seq: "desc" },
    take: filter.take ?? 100,
  });
}
