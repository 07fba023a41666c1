import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/alerts";
import { LocalizedText, PHASE_TONE } from "~/components/calls/call-display";
import { CALL_STATUSES } from "~/domains/calls/call-options";
import { OfficerCallFilterSchema } from "~/domains/calls/call-schemas";
import { callPhase } from "~/domains/calls/calls-rules";
import { listCallsForOfficer } from "~/domains/calls/calls.server";
import callsStyles from "~/styles/calls.css";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { getFixedT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.officerCalls");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const filter = OfficerCallFilterSchema.parse({ status: new URL(request.url).searchParams.get("status") ?? undefined });
  const now = new Date();
  const calls = await listCallsForOfficer({ actor, status: filter.status === "all" ? undefined : filter.status });
  return {
    title: (await getFixedT(actor.locale, "calls"))("meta.officer"),
    filter,
    calls: calls.map((call) => ({ ...call, phase: callPhase(call, now) })),
  };
}

export default function OfficerCalls() {
  const { calls, filter } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  return (
    <section aria-labelledby="officer-calls-title">
      <div className="page-head">
        <h1 id="officer-calls-title">{t("officer.listTitle")}</h1>
        <Link to="/officer/calls/new" className="button">
          {t("officer.new")}
        </Link>
      </div>
      <Form method="get" className="filter-bar">
        <div className="field">
          <label htmlFor="officer-status">{t("officer.filter")}</label>
          <select id="officer-status" name="status" defaultValue={filter.status}>
            <option value="all">{t("officer.all")}</option>
            {CALL_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("officer.apply")}
        </button>
      </Form>
      {calls.length === 0 ? (
        <p className="empty-state">{t("officer.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("officer.column.reference")}</th>
                <th scope="col">{t("officer.column.title")}</th>
                <th scope="col">{t("officer.column.status")}</th>
                <th scope="col">{t("officer.column.envelope")}</th>
                <th scope="col">{t("officer.column.deadline")}</th>
                <th scope="col">{t("officer.column.questions")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.id}>
                  <td data-label={t("officer.column.reference")} className="nowrap">
                    {call.reference}
                  </td>
                  <td data-label={t("officer.column.title")}>
                    <Link to={`/officer/calls/${call.id}`}>
                      <LocalizedText as="span" record={call} field="title" locale={locale} />
                    </Link>
                    <span className="meta programme-name">
                      {t("cockpit.programme", {
                        code: call.appropriation.programme.code,
                        name: localized(call.appropriation.programme, "name", locale),
                        year: call.appropriation.fiscalYear,
                      })}
                    </span>
                  </td>
                  <td data-label={t("officer.column.status")}>
                    <Badge tone={PHASE_TONE[call.phase]}>{t(`phase.${call.phase}`)}</Badge>
                  </td>
                  <td data-label={t("officer.column.envelope")}>{formatMoney(call.envelope, locale)}</td>
                  <td data-label={t("officer.column.deadline")}>
                    {call.submissionDeadline ? formatDateTime(call.submissionDeadline, locale) : t("officer.noDeadline")}
                  </td>
                  <td data-label={t("officer.column.questionsShort")}>{call._count.questions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
