import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalizedText } from "~/components/calls/call-display";
import { getBudgetOverview } from "~/domains/budgets/budgets.server";
import callsStyles from "~/styles/calls.css";
import { DomainError } from "~/utils/domain-error";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { scrollRegion } from "~/components/ui/scroll-region";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.budgets");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!can(actor, "read:budget:any") && !can(actor, "manage:budget:any")) throw new Response("Forbidden", { status: 403 });
  const yearParam = new URL(request.url).searchParams.get("year");
  const fiscalYear = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
  try {
    const overview = await getBudgetOverview({ actor, fiscalYear });
    return {
      ...overview,
      fiscalYear,
      canManageCalls: can(actor, "manage:call:any"),
      title: (await getFixedT(actor.locale, "budgets"))("title"),
    };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.code, { status: error.status });
    throw error;
  }
}

export default function Budgets() {
  const { programmes, years, fiscalYear, canManageCalls } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("budgets");
  const { t: tCalls } = useTranslation("calls");
  const appropriations = programmes.flatMap((p) => p.appropriations);
  return (
    <section aria-labelledby="budgets-title">
      <h1 id="budgets-title">{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p>
        <Link to="/budgets/programmes">{t("programmesLink")}</Link>
      </p>
      <Form method="get" className="filter-bar">
        <div className="field">
          <label htmlFor="budget-year">{t("year")}</label>
          <select id="budget-year" name="year" defaultValue={fiscalYear ?? ""}>
            <option value="">{t("allYears")}</option>
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("apply")}
        </button>
      </Form>
      {appropriations.length === 0 ? <p className="empty-state">{t("empty")}</p> : null}
      {programmes.map((programme) =>
        programme.appropriations.map((a) => {
          const percent = (a.amount > 0n ? Number((a.allocated * 1000n) / a.amount) / 10 : 0)
            .toString()
            .replace(".", locale === "en" ? "." : ",");
          const headingId = `appropriation-${a.id}`;
          return (
            <article key={a.id} className="panel" aria-labelledby={headingId}>
              <h2 id={headingId}>
                {localized(programme, "name", locale)} · {t("fiscalYear", { year: a.fiscalYear })}
              </h2>
              <p className="meta">{t("programme", { code: programme.code })}</p>
              <dl className="money-row">
                <div>
                  <dt>{t("amount")}</dt>
                  <dd>{formatMoney(a.amount, locale)}</dd>
                </div>
                <div>
                  <dt>{t("allocated")}</dt>
                  <dd>{formatMoney(a.allocated, locale)}</dd>
                </div>
                <div>
                  <dt>{t("free")}</dt>
                  <dd>{formatMoney(a.free, locale)}</dd>
                </div>
                <div>
                  <dt>{t("committed")}</dt>
                  <dd>{formatMoney(a.committed, locale)}</dd>
                </div>
                <div>
                  <dt>{t("disbursed")}</dt>
                  <dd>{formatMoney(a.disbursed, locale)}</dd>
                </div>
              </dl>
              <div className="meter" role="img" aria-label={t("usedShare", { percent })}>
                <span style={{ width: `${a.amount > 0n ? Math.min(100, Number((a.allocated * 100n) / a.amount)) : 0}%` }} />
              </div>
              <p className="meta">{t("usedShare", { percent })}</p>

              <h3>{t("calls")}</h3>
              {a.calls.length === 0 ? (
                <p className="meta">{t("noCalls")}</p>
              ) : (
                <div className="table-scroll" {...scrollRegion(t("calls"))}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("call")}</th>
                        <th scope="col">{t("status")}</th>
                        <th scope="col">{t("envelope")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {a.calls.map((call) => (
                        <tr key={call.id}>
                          <td>
                            {call.reference} ·{" "}
                            {canManageCalls ? (
                              <Link to={`/officer/calls/${call.id}`}>
                                <LocalizedText as="span" record={call} field="title" locale={locale} />
                              </Link>
                            ) : (
                              <LocalizedText as="span" record={call} field="title" locale={locale} />
                            )}
                          </td>
                          <td>{tCalls(`status.${call.status}`)}</td>
                          <td>{formatMoney(call.envelope, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}

              <details>
                <summary>{t("ledger")}</summary>
                {a.ledger.length === 0 ? (
                  <p className="meta">{t("noLedger")}</p>
                ) : (
                  <div className="table-scroll" {...scrollRegion(t("ledger"))}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("when")}</th>
                          <th scope="col">{t("kindColumn")}</th>
                          <th scope="col">{t("call")}</th>
                          <th scope="col">{t("envelope")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {a.ledger.map((entry) => (
                          <tr key={entry.id}>
                            <td>{formatDateTime(entry.createdAt, locale)}</td>
                            <td>{t(`kind.${entry.kind}`)}</td>
                            <td>{entry.call?.reference ?? "—"}</td>
                            <td>{formatMoney(entry.amount, locale)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </details>
            </article>
          );
        }),
      )}
    </section>
  );
}
