// Proof: a statement with matching, differing, unknown and duplicate lines is reconciled exactly.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server";
import { createPayableAgreement } from "../../../tests/factories-grants";
import { createPaymentOrder } from "./payments.server";
import { getStatement, importStatement, resolveLine } from "./reconciliation.server";
import { startOfDay } from "~/utils/time";
import { domainError } from "../../../tests/support/domain-error";

const som = (tyiyn: bigint) =>
  `${(tyiyn / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${(tyiyn % 100n).toString().padStart(2, "0")}`;

describe("reconciliation", () => {
  it("matches by reference, amount and date; lists differing, unknown and duplicate lines and the missing payment", async () => {
    const setup = await createPayableAgreement({ amount: 1000_01n, milestones: 4, shares: [2500, 2500, 2500, 2500] });
    const paidOn = startOfDay("2026-03-10");
    const orders = [];
    for (const [i, tranche] of setup.tranches.entries()) {
      orders.push(
        await createPaymentOrder({
          actor: setup.finance.actor,
          trancheId: tranche.id,
          idempotencyKey: `recon-${i}-00000000000`,
          manual: { paidOn, bankReference: "" },
        }),
      );
    }
    const [a, b, c, d] = orders; // d never appears on the statement: missing
    const csv = [
      "Дата;Номер документа;Сумма;Получатель;Назначение платежа",
      `11.03.2026;${a!.reference};${som(a!.amount)};ОО;Грант`, // matched
      `11.03.2026;${b!.reference};${som(b!.amount - 100n)};ОО;Грант`, // amount differs by 1 som
      `12.03.2026;;"${som(c!.amount)}";ОО;оплата без номера`, // matched by amount and date (unique)
      `12.03.2026;PO-999999-ABCDEF;500,00;Неизвестный;`, // unknown reference
      `13.03.2026;${a!.reference};${som(a!.amount)};ОО;повтор`, // duplicate of a
    ].join("\r\n");
    const { id, summary } = await importStatement({
      actor: setup.finance.actor,
      fileName: "выписка-март.csv",
      bytes: new TextEncoder().encode(csv),
    });
    expect(summary).toEqual({ MATCHED: 2, AMOUNT_DIFFERS: 1, UNMATCHED: 2 });
    const statement = await getStatement({ actor: setup.finance.actor, statementId: id });
    expect(statement.lines.map((l) => [l.lineNo, l.match!.status, l.match!.note, l.match!.paymentOrder?.reference ?? null])).toEqual([
      [2, "MATCHED", "", a!.reference],
      [3, "AMOUNT_DIFFERS", "amountDiffers", b!.reference],
      [4, "MATCHED", "byAmountAndDate", c!.reference],
      [5, "UNMATCHED", "unknownReference", null],
      [6, "UNMATCHED", "duplicate", a!.reference],
    ]);
    expect(statement.missing.map((o) => o.reference)).toEqual([d!.reference]);

    await domainError(
      importStatement({ actor: setup.finance.actor, fileName: "again.csv", bytes: new TextEncoder().encode(csv) }),
      "finance:error.statement.duplicate",
      409,
    );

    const unknown = statement.lines.find((l) => l.lineNo === 5)!;
    await resolveLine({ actor: setup.finance.actor, lineId: unknown.id, note: "Возврат банка, не наш платёж" });
    await domainError(resolveLine({ actor: setup.finance.actor, lineId: unknown.id, note: "again" }), "finance:error.alreadyResolved");
    const after = await getStatement({ actor: setup.finance.actor, statementId: id });
    expect(after.summary).toEqual({ MATCHED: 2, AMOUNT_DIFFERS: 1, UNMATCHED: 1, RESOLVED: 1 });
    expect(await prisma.auditEvent.count({ where: { action: { in: ["statement.imported", "statement-line.resolved"] } } })).toBe(2);
  });

  it("refuses a malformed file with the line and the problem, translated", async () => {
    const setup = await createPayableAgreement({ milestones: 1, shares: [10000] });
    expect(
      (
        await domainError(
          importStatement({
            actor: setup.finance.actor,
            fileName: "bad.csv",
            bytes: new TextEncoder().encode("Дата;Референс;Сумма\n01.13.2026;PO-1;10\n"),
          }),
          "finance:error.statement.badDate",
          422,
        )
      ).params,
    ).toMatchObject({ line: 2, value: "01.13.2026" });
  });
});
