import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listOpenCalls } from "~/domains/calls/public-calls.server";
import type { RootData } from "~/root";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";

export async function loader(_: LoaderFunctionArgs) {
  return { calls: await listOpenCalls() };
}

export default function Calls() {
  const { calls } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { t } = useTranslation();
  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">{t("calls.title")}</h1>
      {calls.length === 0 ? (
        <p className="empty-state">{t("calls.empty")}</p>
      ) : (
        <ul className="card-list">
          {calls.map((call) => (
            <li key={call.id} className="card">
              <h2>
                <Link to={`/calls/${call.id}`}>{localized(call, "title", locale)}</Link>
              </h2>
              <p className="meta">
                {t("home.deadline", { date: formatDateTime(call.submissionDeadline!, locale) })} ·{" "}
                {t("home.envelope", { amount: formatMoney(call.envelope, locale) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
