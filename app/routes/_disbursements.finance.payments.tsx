import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, DoneNotice, donePath, fieldError, FormAlert, Notice } from "~/components/ui/alerts";
import { Field } from "~/components/ui/field";
import { bpToPercent } from "~/domains/agreements/agreement-rules";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { STUCK_AFTER_ATTEMPTS } from "~/domains/disbursements/payment-rules";
import { ManualPaymentSchema, PaymentOrderSchema } from "~/domains/disbursements/payment-schemas";
import { createPaymentOrder, listPaymentOrders, listPayableTranches } from "~/domains/disbursements/payments.server";
import { treasuryConfig } from "~/domains/disbursements/treasury-config.server";
import { advanceOrder } from "~/domains/disbursements/treasury-dispatch.server";
import { ExportLinks } from "~/components/finance/finance-ui";
import { prisma } from "~/utils/db.server";
import { formatDate, formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { DomainError } from "~/utils/domain-error";
import { formToObject, intentOf, invalidForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { calendarDateOf, startOfDay } from "~/utils/time";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { order: "order", manual: "manual", retry: "retry" } as const;

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.payments");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "create:payment:any");
  return orRespond(async () => {
    const [payable, orders] = await Promise.all([listPayableTranches({ actor }), listPaymentOrders({ actor })]);
    // A fresh key per form and render: a double submit repeats the key and gets the first order back.
    return {
      payable: payable.map((p) => ({ ...p, key: randomUUID() })),
      orders,
      treasury: treasuryConfig() !== null,
      stuckAfter: STUCK_AFTER_ATTEMPTS,
    };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "create:payment:any");
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const fields = formToObject(form);
  const treasury = treasuryConfig();
  try {
    if (intent === INTENT.order) {
      if (!treasury) return refusedForm(new DomainError("finance:payments.treasuryOff"), { intent });
      const parsed = validateForm(form, PaymentOrderSchema, [], intent);
      if (parsed.failure) return parsed.failure;
      const order = await createPaymentOrder({ actor, ...parsed.data });
      // One attempt right away, under the same claim as the background worker's (decision 0058); failures stay queued for its retries.
      if (!order.replayed) await advanceOrder(prisma, { ...treasury, timeoutMs: 8000 }, order.id);
      return redirect(donePath("/finance/payments", "created", { reference: order.reference }));
    }
    if (intent === INTENT.manual) {
      if (treasury) return refusedForm(new DomainError("finance:payments.treasuryOn"), { intent });
      const parsed = validateForm(form, ManualPaymentSchema, [], intent);
      if (parsed.failure) return parsed.failure;
      const { paidOn, bankReference, ...order } = parsed.data;
      const created = await createPaymentOrder({ actor, ...order, manual: { paidOn: startOfDay(paidOn), bankReference } });
      return redirect(donePath("/finance/payments", "created", { reference: created.reference }));
    }
    if (intent === INTENT.retry && treasury) {
      const orderId = String(fields.orderId ?? "");
      const exists = await prisma.paymentOrder.findFirst({
        where: { id: orderId, award: actor.municipalityId ? { call: { municipalityId: actor.municipalityId } } : {} },
        select: { id: true },
      });
      if (!exists) throw new Response("Not found", { status: 404 });
      // Now rather than after the backoff; an order another process is sending is left to it.
      await advanceOrder(prisma, { ...treasury, timeoutMs: 8000 }, orderId, new Date(), { ignoreBackoff: true });
      return redirect("/finance/payments");
    }
    return invalidForm({}, { intent, formError: "finance:error.forbidden" });
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusedForm(error, { intent });
  }
}

export default function Payments() {
  const { payable, orders, treasury, stuckAfter } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  const { t: tg } = useTranslation("grants");
  const today = calendarDateOf(new Date());
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">{t("title.payments")}</h1>
      <p className="lead">{t("lead.payments")}</p>
      <Notice tone={treasury ? "success" : "info"}>{treasury ? t("payments.treasuryOn") : t("payments.treasuryOff")}</Notice>
      <DoneNotice ns="finance" hidden={Boolean(result)} />
      <FormAlert failure={result} intent={INTENT.order} />
      <FormAlert failure={result} intent={INTENT.manual} />
      <h2>{t("payments.payable")}</h2>
      {payable.length === 0 ? (
        <p className="empty-state">{t("payments.noPayable")}</p>
      ) : (
        <ul className="card-list">
          {payable.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <Link to={`/agreements/${p.agreement.id}`}>{p.agreement.number}</Link> · {tg("col.tranche")} {p.position} (
                {bpToPercent(p.shareBp)} %)
              </h3>
              <p className="meta">
                {localized(p.agreement.award.organization, "name", locale)} · {p.milestone.title}
                {p.milestone.acceptedAt ? ` · ${tg("milestoneStatus.ACCEPTED")} ${formatDate(p.milestone.acceptedAt, locale)}` : ""}
              </p>
              <p className="stat-value">{formatMoney(p.amount, locale)}</p>
              <Form method="post" className="inline-form">
                <input type="hidden" name="trancheId" value={p.id} />
                <input type="hidden" name="idempotencyKey" value={p.key} />
                {treasury ? (
                  <button type="submit" name="intent" value={INTENT.order}>
                    {t("payments.create")}
                  </button>
                ) : (
                  <>
                    <Field
                      label={t("payments.paidOn")}
                      name="paidOn"
                      id={`paidOn-${p.id}`}
                      type="date"
                      defaultValue={today}
                      required
                      error={fieldError(result, "paidOn", INTENT.manual)}
                    />
                    <Field label={t("payments.bankReference")} name="bankReference" id={`bankReference-${p.id}`} />
                    <button type="submit" name="intent" value={INTENT.manual}>
                      {t("payments.recordManual")}
                    </button>
                  </>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("payments.orders")}</h2>
      {orders.length === 0 ? (
        <p className="empty-state">{t("payments.noOrders")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("col.reference")}</th>
                <th scope="col">{t("col.agreement")}</th>
                <th scope="col" className="num">
                  {t("col.amount")}
                </th>
                <th scope="col">{t("col.status")}</th>
                <th scope="col" className="hide-narrow">
                  {t("col.createdAt")}
                </th>
                <th scope="col" className="hide-narrow">
                  {t("col.lastError")}
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td data-label={t("col.reference")}>
                    <code>{o.reference}</code>
                  </td>
                  <td data-label={t("col.agreement")}>
                    {o.award.agreement ? (
                      <Link to={`/agreements/${o.award.agreement.id}`}>{o.award.agreement.number}</Link>
                    ) : (
                      o.award.reference
                    )}{" "}
                    · {t("col.tranche")} {o.tranche.position}
                    <div className="meta">{localized(o.award.organization, "name", locale)}</div>
                  </td>
                  <td className="num" data-label={t("col.amount")}>
                    {formatMoney(o.amount, locale)}
                  </td>
                  <td data-label={t("col.status")}>
                    <Badge tone={statusTone(o.status)}>{t(`paymentStatus.${o.status}`)}</Badge>
                    {o.executedAt ? <div className="meta">{formatDate(o.executedAt, locale)}</div> : null}
                    {o.bankReference ? (
                      <div className="meta">
                        {t("payments.bankReferenceShown")}: {o.bankReference}
                      </div>
                    ) : null}
                    {(o.status === "CREATED" || o.status === "SENT") && o.attempts >= stuckAfter ? (
                      <div className="overdue">{t("payments.stuck")}</div>
                    ) : null}
                  </td>
                  <td className="hide-narrow" data-label={t("col.createdAt")}>
                    {formatDateTime(o.createdAt, locale)}
                  </td>
                  <td className="hide-narrow">
                    {o.lastError ? <span className="meta">{o.lastError}</span> : null}
                    {treasury && (o.status === "CREATED" || o.status === "SENT") ? (
                      <Form method="post">
                        <input type="hidden" name="orderId" value={o.id} />
                        <button type="submit" name="intent" value={INTENT.retry} className="button small secondary">
                          {t("payments.retryNow")}
                        </button>
                        {o.nextAttemptAt ? (
                          <span className="meta"> {t("payments.nextAttempt", { date: formatDateTime(o.nextAttemptAt, locale) })}</span>
                        ) : null}
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExportLinks table="payments" />
    </section>
  );
}
