import { describe, expect, it } from "vitest";
import { auditJson, findChainBreak, GENESIS_HASH, hashAuditEvent, type ChainedFields } from "./audit-chain";

function chain(length: number) {
  const events: (ChainedFields & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields: ChainedFields = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      actorId: seq % 2 ? `u${seq}` : null,
      actorLabel: seq % 2 ? `User ${seq}` : "system",
      action: "call.published",
      entityType: "Call",
      entityId: `c${seq}`,
      before: seq === 1 ? null : `{"status":"DRAFT"}`,
      after: `{"status":"PUBLISHED","amount":"${seq}00"}`,
      ipAddress: "10.0.0.1",
      prevHash,
    };
    const hash = hashAuditEvent(fields);
    events.push({ ...fields, hash });
    prevHash = hash;
  }
  return events;
}

describe("hashAuditEvent", () => {
  const [event] = chain(1);

  it("is a SHA-256 hex digest that depends on every field", () => {
    expect(event!.hash).toMatch(/^[0-9a-f]{64}$/);
    const changes: Partial<ChainedFields>[] = [
      { seq: 2 },
      { occurredAt: new Date(event!.occurredAt.getTime() + 1) },
      { actorId: "other" },
      { actorLabel: "other" },
      { action: "call.closed" },
      { entityType: "Award" },
      { entityId: "c2" },
      { before: "{}" },
      { after: "{}" },
      { ipAddress: "10.0.0.2" },
      { prevHash: "f".repeat(64) },
    ];
    for (const change of changes) expect(hashAuditEvent({ ...event!, ...change }), JSON.stringify(change)).not.toBe(event!.hash);
  });

  it("separates fields unambiguously (no concatenation collisions)", () => {
    const a = hashAuditEvent({ ...event!, actorLabel: "ab", action: "c" });
    const b = hashAuditEvent({ ...event!, actorLabel: "a", action: "bc" });
    expect(a).not.toBe(b);
    expect(hashAuditEvent({ ...event!, before: null })).not.toBe(hashAuditEvent({ ...event!, before: "null" }));
  });
});

describe("findChainBreak", () => {
  it("accepts an intact chain, an empty one, and a page continuing from a previous one", () => {
    const events = chain(5);
    expect(findChainBreak(events)).toBeNull();
    expect(findChainBreak([])).toBeNull();
    expect(findChainBreak(events.slice(2), { seq: 2, hash: events[1]!.hash })).toBeNull();
  });

  it("names an event whose content was changed (hash)", () => {
    const events = chain(5);
    events[2] = { ...events[2]!, after: `{"status":"PUBLISHED","amount":"999999900"}` };
    expect(findChainBreak(events)).toEqual({ seq: 3, reason: "hash" });
  });

  it("names the next event when a row was rewritten with a fresh hash (link)", () => {
    const events = chain(5);
    const forged = { ...events[1]!, after: "{}" };
    events[1] = { ...forged, hash: hashAuditEvent(forged) };
    expect(findChainBreak(events)).toEqual({ seq: 3, reason: "link" });
  });

  it("names a gap left by a deleted event (sequence)", () => {
    const events = chain(5);
    events.splice(3, 1);
    expect(findChainBreak(events)).toEqual({ seq: 5, reason: "sequence" });
  });

  it("rejects a first event that does not start from the genesis hash", () => {
    const events = chain(2);
    expect(findChainBreak(events.slice(1))).toEqual({ seq: 2, reason: "sequence" });
    expect(findChainBreak(events.slice(1), { seq: 1, hash: GENESIS_HASH })).toEqual({ seq: 2, reason: "link" });
  });
});

describe("auditJson", () => {
  it("writes BigInt money as decimal strings and dates as ISO", () => {
    expect(auditJson({ amount: 2n ** 64n, at: new Date("2026-01-01T00:00:00Z") })).toBe(
      '{"amount":"18446744073709551616","at":"2026-01-01T00:00:00.000Z"}',
    );
    expect(auditJson(null)).toBeNull();
    expect(auditJson(undefined)).toBeNull();
    expect(auditJson(0)).toBe("0");
  });
});
