import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallCard } from "~/components/calls/call-card";
import { MunicipalitySelect, municipalityQuery } from "~/components/municipalities/municipality-chooser";
import { PublicCallFilterSchema } from "~/domains/calls/call-schemas";
import { callPhase } from "~/domains/calls/calls-rules";
import { listPublicCalls } from "~/domains/calls/public-calls.server";
import { publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import callsStyles from "~/styles/calls.css";
import { getFixedT, resolveLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.calls");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = PublicCallFilterSchema.parse({
    status: url.searchParams.get("status") ?? undefined,
    q: url.searchParams.get("q") ?? undefined,
  });
  const { municipalities, chosen } = await publicMunicipalityScope(url);
  const now = new Date();
  const calls = await listPublicCalls(filter, now, chosen?.id);
  const t = await getFixedT(await resolveLocale(request), "calls");
  return {
    title: t("meta.list"),
    filter,
    now,
    municipalities,
    chosen: chosen?.slug ?? null,
    calls: calls.map((call) => ({ ...call, phase: callPhase(call, now) })),
  };
}

export default function Calls() {
  const { calls, filter, now, municipalities, chosen } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">{t("list.title")}</h1>
      <p className="lead">{t("list.lead")}</p>
      <Form method="get" className="filter-bar" role="search" aria-label={t("list.filters")}>
        <div className="field">
          <label htmlFor="calls-q">{t("list.search")}</label>
          <input id="calls-q" type="search" name="q" defaultValue={filter.q} maxLength={100} />
        </div>
        <MunicipalitySelect municipalities={municipalities} chosen={chosen} id="calls-municipality" />
        <div className="field">
          <label htmlFor="calls-status">{t("list.status")}</label>
          <select id="calls-status" name="status" defaultValue={filter.status}>
            {(["open", "closed", "all"] as const).map((status) => (
              <option key={status} value={status}>
                {t(`list.statusOption.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("list.apply")}
        </button>
      </Form>
      <p className="meta" role="status">
        {t("list.count", { count: calls.length })}
        {filter.q ? (
          <>
            {" · "}
            <Link to={`/calls?status=${filter.status}${municipalityQuery(chosen, "&")}`}>{t("list.reset")}</Link>
          </>
        ) : null}
      </p>
      {calls.length === 0 ? (
        <p className="empty-state">{filter.q ? t("list.empty.search", { q: filter.q }) : t(`list.empty.${filter.status}`)}</p>
      ) : (
        <ul className="card-list">
          {calls.map((call) => (
            <CallCard key={call.id} call={call} locale={locale} serverNow={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
