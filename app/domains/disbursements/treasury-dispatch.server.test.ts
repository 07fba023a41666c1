// Proof: a failing treasury (timeouts, 500s, garbage, duplicate and late
// answers) loses and duplicates nothing. Runs on SQLite and PostgreSQL.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { createTreasuryMock } from "../../../tests/mocks/treasury";
import { applyTreasuryReport, createPaymentOrder } from "./payments.server";
import { processTreasuryQueue } from "./treasury-dispatch.server";

const treasury = createTreasuryMock();
const server = setupServer(...treasury.handlers);
const config = { url: treasury.baseUrl, token: "secret-token", timeoutMs: 150 };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function totals(awardId: string, appropriationId: string) {
  const [award, appropriation, ledger] = await Promise.all([
    prisma.award.findUniqueOrThrow({ where: { id: awardId } }),
    prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId } }),
    prisma.ledgerEntry.findMany({ where: { awardId, kind: "DISBURSEMENT" } }),
  ]);
  return { paid: award.paid, amount: award.amount, disbursed: appropriation.disbursed, ledger };
}

describe("a failing treasury", () => {
  it("timeouts, 500s, garbage and duplicate answers lose and duplicate nothing", async () => {
    const setup = await createPayableAgreement({ amount: 1000_00n, milestones: 4, shares: [2500, 2500, 2500, 2500] });
    const orders = [];
    for (const [i, tranche] of setup.tranches.entries()) {
      orders.push(
        await createPaymentOrder({ actor: setup.finance.actor, trancheId: tranche.id, idempotencyKey: `treasury-fail-${i}-000000` }),
      );
    }
    // First round: order 1 times out before the treasury saw it, order 2 times out after it recorded it,
    // order 3 gets a 500 after being recorded, order 4 gets an HTML error page.
    treasury.fail("timeout-before");
    treasury.fail("timeout-after");
    treasury.fail("500-after");
    treasury.fail("garbage");
    let now = new Date(Date.now() + 1000);
    await processTreasuryQueue(prisma, config, now);
    let stored = await prisma.paymentOrder.findMany({ where: { awardId: setup.award.id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((o) => o.status)).toEqual(["CREATED", "CREATED", "CREATED", "CREATED"]);
    expect(stored.map((o) => [o.attempts, o.nextAttemptAt! > now, o.lastError.slice(0, 40)])).toEqual(
      stored.map(() => [1, true, expect.any(String)]),
    );

    // Nothing is retried before its backoff has passed.
    const early = await processTreasuryQueue(prisma, config, new Date(now.getTime() + 1000));
    expect(early.attempted).toBe(0);

    // Second round, with the treasury's status endpoint failing once more (a 500).
    treasury.fail("500-before");
    now = new Date(now.getTime() + 60_000);
    await processTreasuryQueue(prisma, config, now);
    now = new Date(now.getTime() + 3_600_000);
    await processTreasuryQueue(prisma, config, now);
    stored = await prisma.paymentOrder.findMany({ where: { awardId: setup.award.id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((o) => o.status)).toEqual(["SENT", "SENT", "SENT", "SENT"]);
    // Each order exists exactly once at the treasury, although some were posted twice.
    expect(treasury.received.created).toBe(4);
    expect([...treasury.orders.keys()].sort()).toEqual(orders.map((o) => o.reference).sort());
    expect(treasury.authorizations).toEqual(new Set(["Bearer secret-token"]));

    // The treasury executes three and rejects one; the callback for each arrives three times, and polling sees them too.
    const [a, b, c, d] = orders;
    for (const o of [a, b, c]) treasury.execute(o!.reference, "2026-04-02T05:00:00.000Z");
    treasury.reject(d!.reference, "account closed");
    for (let i = 0; i < 3; i += 1) {
      for (const o of [a, b, c]) {
        await applyTreasuryReport(
          prisma,
          { reference: o!.reference, status: "EXECUTED", executedAt: new Date("2026-04-02T05:00:00Z") },
          "callback",
        );
      }
    }
    await applyTreasuryReport(prisma, { reference: d!.reference, status: "REJECTED", reason: "account closed" }, "callback");
    await applyTreasuryReport(prisma, { reference: d!.reference, status: "REJECTED", reason: "account closed" }, "callback");
    await processTreasuryQueue(prisma, config, new Date(now.getTime() + 86_400_000));
    // A late, contradicting answer changes nothing either.
    await applyTreasuryReport(prisma, { reference: a!.reference, status: "REJECTED" }, "callback");

    stored = await prisma.paymentOrder.findMany({ where: { awardId: setup.award.id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((o) => o.status)).toEqual(["EXECUTED", "EXECUTED", "EXECUTED", "REJECTED"]);
    const t = await totals(setup.award.id, setup.appropriation.id);
    expect(t.ledger).toHaveLength(3);
    expect(t.disbursed).toBe(750_00n);
    expect(t.paid).toBe(750_00n); // the rejected order's reservation was released
    const tranches = await prisma.tranche.findMany({ where: { agreementId: setup.agreement.id }, orderBy: { position: "asc" } });
    expect(tranches.map((x) => x.status)).toEqual(["PAID", "PAID", "PAID", "PAYABLE"]);
    expect(await prisma.auditEvent.count({ where: { action: "payment-order.executed" } })).toBe(3);

    // The rejected tranche can be ordered again and paid: the total stays within the award.
    const again = await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: tranches[3]!.id,
      idempotencyKey: "treasury-fail-retry-0001",
    });
    await processTreasuryQueue(prisma, config, new Date(now.getTime() + 2 * 86_400_000));
    treasury.execute(again.reference);
    await processTreasuryQueue(prisma, config, new Date(now.getTime() + 3 * 86_400_000));
    const final = await totals(setup.award.id, setup.appropriation.id);
    expect([final.paid, final.disbursed, final.ledger.length]).toEqual([1000_00n, 1000_00n, 4]);
  });
});
