import { createHmac } from "node:crypto";

/**
 * The audit key lives outside the database (AUDIT_KEY; `npm start` keeps a
 * generated one in data/audit-key). With it every event carries an HMAC of its
 * hash, so someone who can write the database but does not hold the key cannot
 * edit an event and recompute the chain, nor append a forged event
 * (decision 0049). Without it events are chained but unkeyed.
 */
let cached: { value: string | undefined; key: Buffer | null } | undefined;

/** The configured key, read again only when AUDIT_KEY changes (tests switch it). */
export function currentAuditKey(): Buffer | null {
  const value = process.env.AUDIT_KEY;
  if (!cached || cached.value !== value) cached = { value, key: value?.trim() ? Buffer.from(value.trim(), "utf8") : null };
  return cached.key;
}

export function macOfHash(hash: string, key: Buffer) {
  return createHmac("sha256", key).update(hash).digest("hex");
}
