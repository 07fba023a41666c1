import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, fieldError, FormAlert } from "~/components/ui/alerts";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { ConfirmMatchSchema, ResolveLineSchema } from "~/domains/disbursements/payment-schemas";
import { MATCH_NOTES } from "~/domains/disbursements/reconciliation-rules";
import { confirmMatch, getStatement, resolveLine } from "~/domains/disbursements/reconciliation.server";
import { ExportLinks } from "~/components/finance/finance-ui";
import { formatDate, formatMoney } from "~/utils/i18n";
import { readForm, intentOf, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { confirm: "confirm", resolve: "resolve" } as const;

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.statement");

const NOTE_KEYS: readonly string[] = MATCH_NOTES;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "reconcile:statement:any");
  return orRespond(async () => {
    return await getStatement({ actor, statementId: params.statementId ?? "" });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "reconcile:statement:any");
  const form = await readForm(request);
  const intent = intentOf(form, INTENT, INTENT.resolve);
  if (!intent) return unknownIntent();
  if (intent === INTENT.confirm) {
    const parsed = validateForm(form, ConfirmMatchSchema, [], intent);
    if (parsed.failure) return parsed.failure;
    try {
      await confirmMatch({ actor, ...parsed.data });
    } catch (error) {
      return refusedForm(error, { intent });
    }
    return redirect(`/finance/statements/${params.statementId}`);
  }
  const parsed = validateForm(form, ResolveLineSchema, [], intent);
  if (parsed.failure) return parsed.failure;
  try {
    await resolveLine({ actor, ...parsed.data });
  } catch (error) {
    return refusedForm(error, { intent });
  }
  return redirect(`/finance/statements/${params.statementId}`);
}

export default function StatementPage() {
  const s = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  return (
    <section aria-labelledby="statement-title">
      <p>
        <Link to="/finance/statements">← {t("title.statements")}</Link>
      </p>
      <h1 id="statement-title">{t("title.statement", { fileName: s.fileName })}</h1>
      <p>{t("statements.period", { from: formatDate(s.period.from, locale), to: formatDate(s.period.to, locale) })}</p>
      <p className="lead">
        {t("statements.summary", {
          matched: s.summary.MATCHED ?? 0,
          differs: s.summary.AMOUNT_DIFFERS ?? 0,
          unmatched: s.summary.UNMATCHED ?? 0,
          resolved: s.summary.RESOLVED ?? 0,
        })}
      </p>
      {s.summary.AWAITING_SECOND ? <p>{t("statements.awaitingSecond", { lines: s.summary.AWAITING_SECOND })}</p> : null}
      <FormAlert failure={result} intent={INTENT.resolve} />
      <FormAlert failure={result} intent={INTENT.confirm} />
      <h2>{t("statements.lines")}</h2>
      <div className="table-scroll">
        <table className="stack-table">
          <thead>
            <tr>
              <th scope="col">{t("col.lineNo")}</th>
              <th scope="col">{t("col.valueDate")}</th>
              <th scope="col">{t("col.reference")}</th>
              <th scope="col" className="num">
                {t("col.amount")}
              </th>
              <th scope="col">{t("col.matchStatus")}</th>
              <th scope="col">{t("col.note")}</th>
              <th scope="col">{t("col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((line) => {
              const match = line.match;
              const status = match?.status ?? "UNMATCHED";
              const needsAction = status === "UNMATCHED" || status === "AMOUNT_DIFFERS" || status === "AWAITING_SECOND";
              return (
                <tr key={line.id}>
                  <td>{line.lineNo}</td>
                  <td data-label={t("col.valueDate")}>{formatDate(line.valueDate, locale)}</td>
                  <td data-label={t("col.reference")}>
                    <code>{line.reference}</code>
                    {line.counterparty ? <div className="meta">{line.counterparty}</div> : null}
                  </td>
                  <td data-label={t("col.amount")} className="num">
                    {formatMoney(line.amount, locale)}
                    {match?.paymentOrder && match.paymentOrder.amount !== line.amount ? (
                      <div className="meta">
                        {t("col.order")}: {formatMoney(match.paymentOrder.amount, locale)}
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t("col.matchStatus")}>
                    <Badge tone={statusTone(status)}>{t(`matchStatus.${status}`)}</Badge>
                    {match?.paymentOrder ? <div className="meta">{match.paymentOrder.reference}</div> : null}
                  </td>
                  <td data-label={t("col.note")}>
                    {match?.note ? <span>{NOTE_KEYS.includes(match.note) ? t(`note.${match.note}`) : match.note}</span> : null}
                  </td>
                  {/* The forms sit in their own column, not among the data; on a phone they span the card. */}
                  <td>
                    {needsAction && line.recordedByYou ? <p className="meta">{t("statements.fourEyesYours")}</p> : null}
                    {status === "AWAITING_SECOND" && !line.recordedByYou ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value={INTENT.confirm} />
                        <input type="hidden" name="lineId" value={line.id} />
                        <button type="submit" className="button small">
                          {t("statements.confirm")}
                        </button>
                      </Form>
                    ) : null}
                    {needsAction && status !== "AWAITING_SECOND" && !line.recordedByYou ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value={INTENT.resolve} />
                        <input type="hidden" name="lineId" value={line.id} />
                        <div className="field">
                          <label htmlFor={`note-${line.id}`}>{t("statements.note")}</label>
                          <input id={`note-${line.id}`} name="note" required />
                        </div>
                        <button type="submit" className="button small secondary">
                          {t("statements.resolve")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {result?.intent === INTENT.resolve && fieldError(result, "note", INTENT.resolve) ? (
        <p className="field-error">{t("v.noteRequired")}</p>
      ) : null}
      <ExportLinks table="statement" params={{ statementId: s.id }} />
      <h2>{t("statements.missing")}</h2>
      {s.missing.length === 0 ? (
        <p className="empty-state">{t("statements.noMissing")}</p>
      ) : (
        <ul>
          {s.missing.map((o) => (
            <li key={o.id}>
              <code>{o.reference}</code> — {formatMoney(o.amount, locale)} {o.paidAt ? `· ${formatDate(o.paidAt, locale)}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
