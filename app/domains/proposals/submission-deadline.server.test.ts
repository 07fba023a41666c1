// The deadline rush, with an injected clock: 1,000 submissions whose arrival
// instants straddle the deadline, sent by 50 concurrent clients; 10% of them
// are retried three times with the same idempotency key, a little later.
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/domains/audit/audit.server";
import { sealAuditLog } from "~/domains/audit/audit-sealer.server";
import { prisma } from "~/utils/db.server";
import { DomainError } from "~/utils/domain-error";
import type { Actor } from "~/utils/permissions";
import { createNcoMember } from "../../../tests/factories";
import { createCompleteProposalsInBulk, createOpenCall, newKey } from "../../../tests/factories-proposals";
import { isOnTime } from "./proposal-rules";
import { submitProposal, type ReceiptRef } from "./submission.server";

const SUBMISSIONS = 1000;
const CLIENTS = 50;
const ORGANIZATIONS = 50;
const SPREAD_MS = 2_000; // arrivals from 1 s before to 1 s after the deadline

type Attempt = { proposalId: string; actor: Actor; key: string; arrivedAt: Date; retry: boolean };
type Outcome = { attempt: Attempt; receipt?: ReceiptRef; refused?: boolean; unexpected?: unknown };

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe("the deadline rush", () => {
  it("stores exactly one version and a receipt for every on-time submission, refuses and audits every late one", async () => {
    const deadline = new Date(Date.now() + 86_400_000);
    const call = await createOpenCall({ deadline, maxProposalsPerOrganization: 1000 });
    const members = await Promise.all(Array.from({ length: ORGANIZATIONS }, () => createNcoMember()));
    const actorOf = new Map(members.map((m) => [m.organization.id, m.actor]));
    const proposalIds = await createCompleteProposalsInBulk({
      callId: call.id,
      organizationIds: members.map((m) => m.organization.id),
      createdById: members[0]!.user.id,
      count: SUBMISSIONS,
    });
    const owners = new Map(
      (await prisma.proposal.findMany({ where: { callId: call.id }, select: { id: true, organizationId: true } })).map((p) => [
        p.id,
        p.organizationId,
      ]),
    );

    const rand = random(20260501);
    const attempts: Attempt[] = [];
    proposalIds.forEach((proposalId, i) => {
      const offset = Math.round((i / SUBMISSIONS) * SPREAD_MS - SPREAD_MS / 2);
      const first: Attempt = {
        proposalId,
        actor: actorOf.get(owners.get(proposalId)!)!,
        key: newKey(),
        arrivedAt: new Date(deadline.getTime() + offset),
        retry: false,
      };
      attempts.push(first);
      if (i % 10 === 3) {
        for (let r = 1; r <= 3; r++)
          attempts.push({ ...first, arrivedAt: new Date(first.arrivedAt.getTime() + Math.round(rand() * 300)), retry: true });
      }
    });
    // Shuffled: a retry may be handled before, during or after its first attempt.
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j]!, attempts[i]!];
    }

    const outcomes: Outcome[] = [];
    let next = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < attempts.length) {
          const attempt = attempts[next++]!;
          try {
            const receipt = await submitProposal({
              actor: attempt.actor,
              now: attempt.arrivedAt,
              proposalId: attempt.proposalId,
              idempotencyKey: attempt.key,
            });
            outcomes.push({ attempt, receipt });
          } catch (error) {
            if (error instanceof DomainError && error.code === "proposals:errors.late") outcomes.push({ attempt, refused: true });
            else outcomes.push({ attempt, unexpected: error });
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;

    expect(outcomes).toHaveLength(attempts.length);
    expect(outcomes.filter((o) => o.unexpected).map((o) => String(o.unexpected))).toEqual([]);

    const onTime = outcomes.filter((o) => isOnTime(o.attempt.arrivedAt, deadline));
    const late = outcomes.filter((o) => !isOnTime(o.attempt.arrivedAt, deadline));
    // Every on-time request got a receipt.
    expect(onTime.filter((o) => !o.receipt)).toEqual([]);
    // A late request is refused, unless it retries a submission already accepted (then it gets that receipt).
    for (const o of late) {
      if (o.receipt) expect(o.receipt.repeated).toBe(true);
      else expect(o.refused).toBe(true);
    }

    const acceptedKeys = new Set(onTime.map((o) => o.attempt.key));
    const versions = await prisma.proposalVersion.findMany({
      where: { proposal: { callId: call.id } },
      select: { proposalId: true, idempotencyKey: true, receiptNumber: true },
    });
    const byKey = new Map(versions.map((v) => [v.idempotencyKey, v]));
    // 0 lost: every accepted key has its version; 0 duplicates: one version per proposal, none for a late-only key.
    expect([...acceptedKeys].filter((key) => !byKey.has(key))).toEqual([]);
    expect(versions).toHaveLength(acceptedKeys.size);
    expect(new Set(versions.map((v) => v.proposalId)).size).toBe(versions.length);
    // Every answer for a key carries that key's one receipt number.
    for (const o of outcomes.filter((o) => o.receipt)) expect(o.receipt!.receiptNumber).toBe(byKey.get(o.attempt.key)!.receiptNumber);

    const submitted = await prisma.proposal.count({ where: { callId: call.id, status: "SUBMITTED" } });
    expect(submitted).toBe(acceptedKeys.size);
    expect(await prisma.proposal.count({ where: { callId: call.id, status: "DRAFT" } })).toBe(SUBMISSIONS - acceptedKeys.size);

    const refused = outcomes.filter((o) => o.refused);
    const rejections = await prisma.auditEvent.findMany({
      where: { action: "proposal.submission.rejected" },
      select: { entityId: true, after: true },
    });
    expect(rejections).toHaveLength(refused.length);
    const rejectedKeys = rejections.map((r) => (JSON.parse(r.after!) as { idempotencyKey: string }).idempotencyKey).sort();
    expect(rejectedKeys).toEqual(refused.map((o) => o.attempt.key).sort());
    expect(await prisma.auditEvent.count({ where: { action: "proposal.submitted" } })).toBe(acceptedKeys.size);
    await sealAuditLog(prisma); // decision 0064: the chain is assigned after commit
    expect(await verifyAuditChain(prisma)).toMatchObject({ break: null, unsealed: 0 });

    // Both sides of the deadline were exercised, retries included.
    expect(acceptedKeys.size).toBeGreaterThan(400);
    expect(refused.length).toBeGreaterThan(400);
    expect(outcomes.filter((o) => o.attempt.retry && o.receipt?.repeated).length).toBeGreaterThan(100);
    console.log(
      `deadline rush (${process.env.TEST_DB ?? "sqlite"}): ${outcomes.length} requests in ${seconds.toFixed(1)} s (${Math.round(outcomes.length / seconds)}/s, ${cpuSeconds.toFixed(1)} s of CPU); ` +
        `${acceptedKeys.size} accepted, ${refused.length} refused and audited, ${outcomes.filter((o) => o.receipt?.repeated).length} retries answered with the first receipt; 0 lost, 0 duplicates`,
    );
  }, 120_000);
});
