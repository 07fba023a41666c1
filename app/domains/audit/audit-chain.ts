import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  ipAddress: string;
  prevHash: string;
};

/** The hash covers every column but itself, in a fixed order. */
export function hashAuditEvent(event: ChainedFields) {
  const canonical = JSON.stringify([
    event.seq,
    event.occurredAt.toISOString(),
    event.actorId,
    event.actorLabel,
    event.action,
    event.entityType,
    event.entityId,
    event.before,
    event.after,
    event.ipAddress,
    event.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON for audit snapshots: BigInt money as decimal strings, dates as ISO. */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
}

export type ChainBreak = { seq: number; reason: "hash" | "link" | "sequence" };

/** Checks events given in ascending seq order, continuing from `previous`. */
export function findChainBreak(
  events: (ChainedFields & { hash: string })[],
  previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let prev = previous;
  for (const event of events) {
    if (event.seq !== prev.seq + 1) return { seq: event.seq, reason: "sequence" };
    if (event.prevHash !== prev.hash) return { seq: event.seq, reason: "link" };
    if (hashAuditEvent(event) !== event.hash) return { seq: event.seq, reason: "hash" };
    prev = event;
  }
  return null;
}
