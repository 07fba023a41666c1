import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MunicipalityChooser } from "~/components/municipalities/municipality-chooser";
import { useLocale } from "~/components/ui/use-locale";
import { listPublishedResults } from "~/domains/awards/results.server";
import { publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import styles from "~/styles/reviews.css";
import { formatDateTime, formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.results");

export async function loader({ request }: LoaderFunctionArgs) {
  const { municipalities, chosen } = await publicMunicipalityScope(new URL(request.url));
  return { municipalities, chosen: chosen?.slug ?? null, calls: await listPublishedResults(chosen?.id) };
}

export default function Results() {
  const { calls, municipalities, chosen } = useLoaderData<typeof loader>();
  const { t } = useTranslation("awards");
  const locale = useLocale();
  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">{t("results.title")}</h1>
      <p>{t("results.lead")}</p>
      <MunicipalityChooser municipalities={municipalities} chosen={chosen} id="results-municipality" />
      {calls.length === 0 ? <p className="empty-state">{t("results.none")}</p> : null}
      <ul className="item-list">
        {calls.map((call) => (
          <li key={call.id} className="item">
            <h2>
              <Link to={`/results/${call.id}`}>{localized(call, "title", locale)}</Link>
            </h2>
            <p className="meta">
              {localized(call.municipality, "name", locale)} · {call.reference} ·{" "}
              {t("results.publishedAt", { date: call.decisionPublishedAt ? formatDateTime(call.decisionPublishedAt, locale) : "—" })} ·{" "}
              {t("results.envelope", { amount: formatMoney(call.envelope, locale) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
