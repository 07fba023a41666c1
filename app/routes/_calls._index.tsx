import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallCard } from "~/components/calls/call-card";
import { MunicipalityChooser, municipalityQuery } from "~/components/municipalities/municipality-chooser";
import { callPhase } from "~/domains/calls/calls-rules";
import { listOpenCalls } from "~/domains/calls/public-calls.server";
import { publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import type { RootData } from "~/root";
import callsStyles from "~/styles/calls.css";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.home");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { municipalities, chosen } = await publicMunicipalityScope(new URL(request.url));
  const now = new Date();
  const calls = await listOpenCalls(now, chosen?.id);
  return { now, municipalities, chosen: chosen?.slug ?? null, calls: calls.map((call) => ({ ...call, phase: callPhase(call, now) })) };
}

export default function Home() {
  const { calls, now, municipalities, chosen } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>("root");
  const locale = root?.locale ?? "ky";
  const { t } = useTranslation();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{root?.publisher ? t("home.titleFor", { municipality: root.publisher }) : t("home.title")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>
      <section aria-labelledby="open-calls">
        <h2 id="open-calls">{t("home.openCallsTitle")}</h2>
        <MunicipalityChooser municipalities={municipalities} chosen={chosen} id="home-municipality" />
        {calls.length === 0 ? (
          <p className="empty-state">{t("home.noOpenCalls")}</p>
        ) : (
          <ul className="card-list">
            {calls.map((call) => (
              <CallCard key={call.id} call={call} locale={locale} serverNow={now} headingLevel={3} />
            ))}
          </ul>
        )}
        <p>
          <Link to={`/calls?status=all${municipalityQuery(chosen, "&")}`}>{t("calls:list.statusOption.all")}</Link>
        </p>
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
