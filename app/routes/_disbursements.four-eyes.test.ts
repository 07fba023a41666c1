// The four-eyes forms through HTTP (decision 0055): the administrator's threshold in som with a
// translated error, and the statement page's confirmation refused to the recorder, done by a second officer.
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createPaymentOrder } from "~/domains/disbursements/payments.server";
import { importStatement } from "~/domains/disbursements/reconciliation.server";
import { prisma } from "~/utils/db.server";
import { createStaff } from "../../tests/factories";
import { createPayableAgreement } from "../../tests/factories-grants";
import { getRequest, loadBuild, postRequest, requestHandler } from "../../tests/support/route-call";
import { sessionCookieFor } from "../../tests/support/session";
import { startOfDay } from "~/utils/time";

let handle: ReturnType<typeof requestHandler>;
beforeAll(async () => {
  const build: ServerBuild = await loadBuild();
  handle = requestHandler(build);
});

const post = async (url: string, fields: Record<string, string>, userId: string) =>
  handle(postRequest(url, new URLSearchParams(fields).toString(), await sessionCookieFor(userId), "application/x-www-form-urlencoded"));

describe("four eyes through the pages", () => {
  it("the administrator sets the threshold in som; a wrong amount is explained in the person's language", async () => {
    const admin = await createStaff("ADMIN");
    await prisma.user.update({ where: { id: admin.user.id }, data: { locale: "ru" } });
    const bad = await post("/admin/municipality", { intent: "fourEyes", fourEyesThreshold: "пятьсот" }, admin.user.id);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Введите сумму в сомах, например 500 000 или 500000,50; 0 отключает правило.");
    const good = await post("/admin/municipality", { intent: "fourEyes", fourEyesThreshold: "250 000" }, admin.user.id);
    expect([good.status, good.headers.get("Location")]).toEqual([302, "/admin/municipality?done=fourEyes"]);
    expect((await prisma.municipality.findUniqueOrThrow({ where: { id: admin.municipalityId } })).fourEyesThreshold).toBe(250_000_00n);
    const page = await (await handle(getRequest("/admin/municipality", await sessionCookieFor(admin.user.id)))).text();
    expect(page).toContain('value="250000"');
  });

  it("the recorder is refused the confirmation with a reason; a second finance officer confirms", async () => {
    const setup = await createPayableAgreement({ amount: 100_000_00n, milestones: 1, shares: [10000] });
    await prisma.municipality.update({ where: { id: setup.finance.municipalityId }, data: { fourEyesThreshold: 1_000_00n } });
    const order = await createPaymentOrder({
      actor: setup.finance.actor,
      trancheId: setup.tranches[0]!.id,
      idempotencyKey: `eyes-route-${setup.tranches[0]!.id}`,
      manual: { paidOn: startOfDay("2026-03-10"), bankReference: "" },
    });
    const csv = `Дата;Номер документа;Сумма;Получатель\r\n11.03.2026;${order.reference};100000,00;ОО`;
    const { id } = await importStatement({ actor: setup.finance.actor, fileName: "route.csv", bytes: new TextEncoder().encode(csv) });
    const line = await prisma.bankStatementLine.findFirstOrThrow({ where: { statementId: id }, select: { id: true } });
    const url = `/finance/statements/${id}`;

    const recorderPage = await (await handle(getRequest(url, await sessionCookieFor(setup.finance.user.id)))).text();
    expect(recorderPage).toContain("Бул төлөм тапшырмасын сиз жазгансыз");
    expect(recorderPage).not.toContain('value="confirm"');
    const refused = await post(url, { intent: "confirm", lineId: line.id }, setup.finance.user.id);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Бул сапты башка финансы кызматкери жөнгө салышы керек");

    const second = await createStaff("FINANCE_OFFICER", setup.finance.municipalityId);
    expect(await (await handle(getRequest(url, await sessionCookieFor(second.user.id)))).text()).toContain('value="confirm"');
    const confirmed = await post(url, { intent: "confirm", lineId: line.id }, second.user.id);
    expect([confirmed.status, confirmed.headers.get("Location")]).toEqual([302, url]);
    expect(
      await prisma.reconciliationMatch.findUniqueOrThrow({ where: { lineId: line.id }, select: { status: true, resolvedById: true } }),
    ).toEqual({
      status: "MATCHED",
      resolvedById: second.user.id,
    });
  });
});
