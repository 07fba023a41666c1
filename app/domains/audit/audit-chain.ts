import { createHash } from "node:crypto";
import { z } from "zod";

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

export type EventContent = Omit<ChainedFields, "seq" | "prevHash">;

/**
 * What the writer vouches for before the event has a place in the chain
 * (decision 0064): its content, without position or link. The writer MACs
 * this digest; the sealer checks that MAC before it chains the event.
 */
export function contentDigest(event: EventContent) {
  const canonical = JSON.stringify([
    "audit-event-content",
    event.occurredAt.toISOString(),
    event.actorId,
    event.actorLabel,
    event.action,
    event.entityType,
    event.entityId,
    event.before,
    event.after,
    event.ipAddress,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON for audit snapshots: BigInt money as decimal strings, dates as ISO. */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
}

export type ChainBreak = {
  seq: number;
  /**
   * hash: the row changed; link: an earlier row was rewritten; sequence: a row removed or inserted;
   * mac: the row's HMAC is missing or wrong (rewritten or forged without the key);
   * truncated / rewritten: the chain no longer holds the published head it is checked against.
   */
  reason: "hash" | "link" | "sequence" | "mac" | "truncated" | "rewritten";
};

/** What is published of the chain so that anyone can later check it was only appended to. */
export type AuditHead = { size: number; hash: string };

/** A sealed event as the chain sees it: its `seq` in the chain is the position the sealer gave it. */
export function chainView<T extends { position: number | null }>(event: T): T & { seq: number } {
  return { ...event, seq: event.position ?? 0 };
}

/** The head as published at /open-data/audit-head.json (other members ignored). */
const PublishedHead = z.object({
  size: z.number().int().safe().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/i),
});

/** Parses a head given as `<size>:<hash>` or as the JSON published at /open-data/audit-head.json. */
export function parseAuditHead(text: string): AuditHead | null {
  const trimmed = text.trim();
  const plain = /^(\d+):([0-9a-f]{64})$/i.exec(trimmed);
  if (plain) return { size: Number(plain[1]), hash: plain[2]!.toLowerCase() };
  try {
    const json = PublishedHead.safeParse(JSON.parse(trimmed));
    if (json.success) return { size: json.data.size, hash: json.data.hash.toLowerCase() };
  } catch {
    // not JSON: fall through
  }
  return null;
}

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
