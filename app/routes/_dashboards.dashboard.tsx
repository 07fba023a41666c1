import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { attentionFor } from "~/domains/dashboards/attention.server";
import styles from "~/styles/dashboard.css";
import { NextActionsList } from "~/components/dashboards/next-actions-list";
import { nextActionsFor } from "~/domains/dashboards/next-actions.server";
import { formatMoney, localized } from "~/utils/i18n";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.dashboard");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const now = new Date();
  const [cards, nextActions] = await Promise.all([attentionFor(actor, now), nextActionsFor(actor, now)]);
  // A person without a role, or whose organizations have not applied yet, is shown first steps.
  const newcomer = actor.roles.length === 0 || nextActions.some((a) => a.key === "startProposal");
  return { name: actor.label.replace(/ <.*>$/, ""), roles: actor.roles, cards, nextActions, newcomer, now: now.toISOString() };
}

const MONEY_PARAMS = ["amount", "allocated", "free"];

export default function Dashboard() {
  const { name, roles, cards, nextActions, newcomer, now } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation();
  const { t: td } = useTranslation("dashboard");
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.welcome", { name })}</h1>
      {roles.length ? (
        <p>
          {t("dashboard.roles")}: {roles.map((role) => t(`dashboard.role.${role}`)).join(", ")}
        </p>
      ) : null}
      {roles.length === 0 ? <RegisterOrganizationCallout /> : null}
      <NextActionsList actions={nextActions} title={td(newcomer ? "next.firstSteps" : "next.title")} locale={locale} now={new Date(now)} />
      <h2>{t("dashboard.attention")}</h2>
      {cards.length === 0 ? <p className="empty-state">{t("dashboard.nothing")}</p> : null}
      <ul className="card-grid">
        {cards.map((card, index) => {
          const params = Object.fromEntries(
            Object.entries(card.params ?? {}).map(([k, v]) => [k, MONEY_PARAMS.includes(k) ? formatMoney(v, locale) : v]),
          );
          if (card.named) params.name = localized(card.named, "name", locale);
          const label = t(`dashboard.card.${card.key}`, params);
          return (
            <li key={`${card.key}-${index}`} className="card stat">
              {card.count !== undefined ? <span className="stat-value">{card.count}</span> : null}
              <span className="stat-label">{card.to ? <Link to={card.to}>{label}</Link> : label}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A signed-in person with no organization and no staff role: the next step is to register one. */
function RegisterOrganizationCallout() {
  const { t } = useTranslation("organizations");
  return (
    <section className="callout" aria-labelledby="register-org-cta">
      <h2 id="register-org-cta" style={{ marginTop: 0 }}>
        {t("cta.title")}
      </h2>
      <p>{t("cta.body")}</p>
      <Link className="button" to="/organizations/new">
        {t("cta.register")}
      </Link>
    </section>
  );
}
