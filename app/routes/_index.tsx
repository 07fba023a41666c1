import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOpenCalls } from "~/domains/calls/public-calls.server";
import type { RootData } from "~/root";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";

export const meta: MetaFunction = () => [{ title: "Социалдык заказ — Каракол" }];

export async function loader(_: LoaderFunctionArgs) {
  return { calls: await listOpenCalls() };
}

export default function Home() {
  const { calls } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>("root");
  const locale = root?.locale ?? "ky";
  const { t } = useTranslation();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>
      <section aria-labelledby="open-calls">
        <h2 id="open-calls">{t("home.openCallsTitle")}</h2>
        {calls.length === 0 ? (
          <p className="empty-state">{t("home.noOpenCalls")}</p>
        ) : (
          <ul className="card-list">
            {calls.map((call) => (
              <li key={call.id} className="card">
                <h3>
                  <Link to={`/calls/${call.id}`}>{localized(call, "title", locale)}</Link>
                </h3>
                <p>{localized(call, "summary", locale)}</p>
                <p className="meta">
                  {t("home.deadline", { date: formatDateTime(call.submissionDeadline!, locale) })} ·{" "}
                  {t("home.envelope", { amount: formatMoney(call.envelope, locale) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="how">
        <h2 id="how">{t("home.howTitle")}</h2>
        <ol className="steps">
          <li>{t("home.step1")}</li>
          <li>{t("home.step2")}</li>
          <li>{t("home.step3")}</li>
          <li>{t("home.step4")}</li>
        </ol>
      </section>
      {root?.user ? null : (
        <section className="callout" aria-labelledby="for-ncos">
          <h2 id="for-ncos">{t("home.forNcos")}</h2>
          <p>{t("home.forNcosBody")}</p>
          <Link className="button" to="/register">
            {t("home.registerCta")}
          </Link>
        </section>
      )}
    </>
  );
}
