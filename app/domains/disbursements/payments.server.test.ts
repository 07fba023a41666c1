// Proof: the award's ceiling under concurrency and idempotency. Runs on SQLite and PostgreSQL.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { createPaymentOrder } from "./payments.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

async function totals(awardId: string, appropriationId: string) {
  const [award, appropriation, ledger] = await Promise.all([
    prisma.award.findUniqueOrThrow({ where: { id: awardId } }),
    prisma.appropriation.findUniqueOrThrow({ where: { id: appropriationId } }),
    prisma.ledgerEntry.findMany({ where: { awardId, kind: "DISBURSEMENT" } }),
  ]);
  return { paid: award.paid, amount: award.amount, disbursed: appropriation.disbursed, ledger };
}

describe("the award's ceiling", () => {
  it("50 concurrent payment orders on one award never pay more than the award", async () => {
    const setup = await createPayableAgreement({ amount: 1000_00n, milestones: 10 });
    // The award was cut after the schedule was set: only 5 of the 10 tranches (100 som each) still fit.
    await prisma.award.update({ where: { id: setup.award.id }, data: { amount: 550_00n } });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        createPaymentOrder({
          actor: setup.finance.actor,
          trancheId: setup.tranches[i % 10]!.id,
          idempotencyKey: `ceiling-key-${String(i).padStart(4, "0")}`,
        }),
      ),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(created).toHaveLength(5);
    expect(new Set(refused.map((r) => (r.reason as { code: string }).code))).toEqual(
      new Set(["finance:error.exceedsAward", "finance:error.trancheNotPayable"]),
    );
    const orders = await prisma.paymentOrder.findMany({ where: { awardId: setup.award.id } });
    expect(orders).toHaveLength(5);
    const { paid } = await totals(setup.award.id, setup.appropriation.id);
    expect(paid).toBe(500_00n);
    expect(paid).toBeLessThanOrEqual(550_00n);
    expect(orders.reduce((s, o) => s + o.amount, 0n)).toBe(paid);
  });

  it("50 identical requests with one idempotency key create exactly one payment and all get it back", async () => {
    const setup = await createPayableAgreement({ amount: 900_00n });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        createPaymentOrder({ actor: setup.finance.actor, trancheId: setup.tranches[0]!.id, idempotencyKey: "double-click-0000000001" }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await prisma.paymentOrder.count({ where: { awardId: setup.award.id } })).toBe(1);
    expect((await totals(setup.award.id, setup.appropriation.id)).paid).toBe(setup.tranches[0]!.amount);
    await domainError(
      createPaymentOrder({ actor: setup.finance.actor, trancheId: setup.tranches[1]!.id, idempotencyKey: "double-click-0000000001" }),
      "finance:error.idempotencyKeyReused",
      422,
    );
  });

  it("50 identical manual payments record one disbursement", async () => {
    const setup = await createPayableAgreement({ amount: 900_00n });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        createPaymentOrder({
          actor: setup.finance.actor,
          trancheId: setup.tranches[0]!.id,
          idempotencyKey: "manual-0000000000000001",
          manual: { paidOn: startOfDay("2026-03-10"), bankReference: "ПП 17" },
        }),
      ),
    );
    const t = await totals(setup.award.id, setup.appropriation.id);
    expect(t.ledger).toHaveLength(1);
    expect(t.disbursed).toBe(setup.tranches[0]!.amount);
    // The bank's document number is kept in its own field, not in the error column.
    const orders = await prisma.paymentOrder.findMany({
      where: { trancheId: setup.tranches[0]!.id },
      select: { bankReference: true, lastError: true, status: true },
    });
    expect(orders).toEqual([{ bankReference: "ПП 17", lastError: "", status: "RECORDED_MANUALLY" }]);
  });
});

describe("a payment recorded by hand", () => {
  // 6 December 2026, 23:30 in Bishkek (17:30 UTC): "today" there is the 6th, the 7th is still the future.
  const now = new Date("2026-12-06T17:30:00Z");

  it("is refused when dated after today in Bishkek (1 March 2027, 2099-01-01, tomorrow): nothing is paid or recorded", async () => {
    const setup = await createPayableAgreement({ milestones: 1, shares: [10_000] });
    for (const [i, day] of ["2027-03-01", "2099-01-01", "2026-12-07"].entries()) {
      await domainError(
        createPaymentOrder({
          actor: setup.finance.actor,
          trancheId: setup.tranches[0]!.id,
          idempotencyKey: `future-payment-${i}-000000`,
          manual: { paidOn: new Date(`${day}T00:00:00Z`), bankReference: "" },
          now,
        }),
        "finance:v.dateFuture",
        422,
      );
    }
    const after = await totals(setup.award.id, setup.appropriation.id);
    expect(after.paid).toBe(0n);
    expect(after.ledger).toHaveLength(0);
    expect(await prisma.tranche.findUniqueOrThrow({ where: { id: setup.tranches[0]!.id }, select: { status: true } })).toEqual({
      status: "PAYABLE",
    });
  });

  it("is accepted when dated today in Bishkek", async () => {
    const setup = await createPayableAgreement({ milestones: 1, shares: [10_000] });
    const order = await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[0]!.id,
      idempotencyKey: "today-payment-0000000",
      manual: { paidOn: startOfDay("2026-12-06"), bankReference: "12" },
      now,
    });
    expect(order.status).toBe("RECORDED_MANUALLY");
  });
});
