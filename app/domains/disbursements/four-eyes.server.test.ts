// Proof of four eyes on reconciliation (decision 0055): above the municipality's threshold the
// officer who recorded a payment order does not settle its statement line alone.
import { describe, expect, it } from "vitest";
import { FourEyesSchema } from "~/domains/municipalities/municipality-schemas";
import { getFourEyesThreshold, setFourEyesThreshold } from "~/domains/municipalities/municipalities.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../../tests/factories";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { createPaymentOrder } from "./payments.server";
import { confirmMatch, getStatement, importStatement, resolveLine } from "./reconciliation.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

const som = (tyiyn: bigint) => `${(tyiyn / 100n).toString()},${(tyiyn % 100n).toString().padStart(2, "0")}`;
const paidOn = startOfDay("2026-03-10");

/** Two paid orders of 50 000 som recorded by the first finance officer; threshold in tyiyn (0 = off). */
async function scene(threshold: bigint) {
  const setup = await createPayableAgreement({ amount: 100_000_00n, milestones: 2, shares: [5000, 5000] });
  const municipalityId = setup.finance.municipalityId;
  const admin = await createStaff("ADMIN", municipalityId);
  await setFourEyesThreshold({ actor: admin.actor, threshold });
  const orders = [];
  for (const [i, tranche] of setup.tranches.entries()) {
    orders.push(
      await createPaymentOrder({
        actor: setup.finance.actor,
        trancheId: tranche.id,
        idempotencyKey: `eyes-${i}-${tranche.id}`,
        manual: { paidOn, bankReference: "" },
      }),
    );
  }
  const second = await createStaff("FINANCE_OFFICER", municipalityId);
  return { setup, admin, orders: orders as [(typeof orders)[0], (typeof orders)[0]], recorder: setup.finance, second };
}

/** A statement showing the first order exactly and the second with a differing amount. */
function csvFor(orders: { reference: string; amount: bigint }[]) {
  const [a, b] = orders;
  return new TextEncoder().encode(
    [
      "Дата;Номер документа;Сумма;Получатель;Назначение платежа",
      `11.03.2026;${a!.reference};${som(a!.amount)};ОО;Грант`,
      `11.03.2026;${b!.reference};${som(b!.amount - 100n)};ОО;Грант`,
    ].join("\r\n"),
  );
}

const lineOf = async (actor: Parameters<typeof getStatement>[0]["actor"], statementId: string, lineNo: number) =>
  (await getStatement({ actor, statementId })).lines.find((l) => l.lineNo === lineNo)!;

describe("four eyes on reconciliation", () => {
  it("below the threshold the officer who recorded the order settles the statement alone", async () => {
    const { orders, recorder } = await scene(100_000_00n);
    const { id, summary } = await importStatement({ actor: recorder.actor, fileName: "below.csv", bytes: csvFor(orders) });
    expect(summary).toEqual({ MATCHED: 1, AMOUNT_DIFFERS: 1 });
    const differing = await lineOf(recorder.actor, id, 3);
    expect(differing.recordedByYou).toBe(false);
    await resolveLine({ actor: recorder.actor, lineId: differing.id, note: "Банк удержал комиссию 1 сом" });
    expect((await getStatement({ actor: recorder.actor, statementId: id })).summary).toEqual({ MATCHED: 1, RESOLVED: 1 });
  });

  it("threshold 0 turns the rule off", async () => {
    const { orders, recorder } = await scene(0n);
    const { id, summary } = await importStatement({ actor: recorder.actor, fileName: "off.csv", bytes: csvFor(orders) });
    expect(summary).toEqual({ MATCHED: 1, AMOUNT_DIFFERS: 1 });
    await resolveLine({ actor: recorder.actor, lineId: (await lineOf(recorder.actor, id, 3)).id, note: "Комиссия банка" });
  });

  it("above the threshold the recorder's import waits for a second officer, who alone may confirm; the recorder may not resolve", async () => {
    const { orders, recorder, second } = await scene(10_000_00n);
    const { id, summary } = await importStatement({ actor: recorder.actor, fileName: "above.csv", bytes: csvFor(orders) });
    expect(summary).toEqual({ AWAITING_SECOND: 1, AMOUNT_DIFFERS: 1 });
    const waiting = await lineOf(recorder.actor, id, 2);
    const differing = await lineOf(recorder.actor, id, 3);
    expect([waiting.match!.status, waiting.recordedByYou, differing.recordedByYou]).toEqual(["AWAITING_SECOND", true, true]);
    expect((await lineOf(second.actor, id, 2)).recordedByYou).toBe(false);

    await domainError(confirmMatch({ actor: recorder.actor, lineId: waiting.id }), "finance:error.fourEyes", 409);
    await domainError(resolveLine({ actor: recorder.actor, lineId: differing.id, note: "сам себе" }), "finance:error.fourEyes", 409);
    await domainError(resolveLine({ actor: second.actor, lineId: waiting.id, note: "в обход" }), "finance:error.alreadyResolved");

    const other = await createStaff("FINANCE_OFFICER");
    await domainError(confirmMatch({ actor: other.actor, lineId: waiting.id }), "finance:error.notFound", 404);
    await domainError(resolveLine({ actor: other.actor, lineId: differing.id, note: "чужой" }), undefined, 404);

    await confirmMatch({ actor: second.actor, lineId: waiting.id });
    await resolveLine({ actor: second.actor, lineId: differing.id, note: "Банк удержал комиссию 1 сом" });
    await domainError(confirmMatch({ actor: second.actor, lineId: waiting.id }), "finance:error.alreadyResolved");
    const stored = await prisma.reconciliationMatch.findUniqueOrThrow({
      where: { lineId: waiting.id },
      select: { status: true, resolvedById: true },
    });
    expect(stored).toEqual({ status: "MATCHED", resolvedById: second.user.id });
    expect((await getStatement({ actor: second.actor, statementId: id })).summary).toEqual({ MATCHED: 1, RESOLVED: 1 });
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "statement-line.confirmed", entityId: waiting.id },
      select: { actorId: true, after: true },
    });
    expect(audit.actorId).toBe(second.user.id);
    expect(JSON.parse(audit.after!)).toMatchObject({ status: "MATCHED", recordedBy: recorder.user.id });
  });

  it("above the threshold a statement imported by another officer is two people's work and matches at once", async () => {
    const { orders, second } = await scene(10_000_00n);
    const { summary } = await importStatement({ actor: second.actor, fileName: "other.csv", bytes: csvFor(orders) });
    expect(summary).toEqual({ MATCHED: 1, AMOUNT_DIFFERS: 1 });
  });

  it("the municipality's administrator sets the threshold in som; a finance officer may not", async () => {
    const { admin, recorder } = await scene(0n);
    expect(FourEyesSchema.parse({ fourEyesThreshold: "500 000,50" })).toEqual({ fourEyesThreshold: 500_000_50n });
    expect(FourEyesSchema.parse({ fourEyesThreshold: "" })).toEqual({ fourEyesThreshold: 0n });
    const bad = FourEyesSchema.safeParse({ fourEyesThreshold: "-5" });
    expect(bad.success ? null : bad.error.flatten().fieldErrors.fourEyesThreshold).toEqual(["municipalities:fourEyes.invalid"]);
    await setFourEyesThreshold({ actor: admin.actor, threshold: 500_000_50n });
    expect(await getFourEyesThreshold({ actor: admin.actor })).toBe(500_000_50n);
    await domainError(setFourEyesThreshold({ actor: recorder.actor, threshold: 0n }), undefined, 404);
    expect(
      await prisma.auditEvent.count({ where: { action: "municipality.four-eyes-threshold.set", entityId: admin.municipalityId } }),
    ).toBe(2);
  });
});
