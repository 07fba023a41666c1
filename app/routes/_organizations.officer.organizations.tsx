import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { VerificationBadge } from "~/components/organizations/verification-badge";
import { countOrganizationsByState, listOrganizationsForReview } from "~/domains/organizations/organizations.server";
import styles from "~/styles/organizations.css";
import { formatDate, localized } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.organizationsReview");

const STATES = ["PENDING", "RETURNED", "VERIFIED"] as const;
type Filter = (typeof STATES)[number] | "all";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "verify:organization:any");
  const requested = new URL(request.url).searchParams.get("state") ?? "PENDING";
  const filter: Filter = STATES.find((state) => state === requested) ?? "all";
  const [organizations, counts] = await Promise.all([
    listOrganizationsForReview({ actor, state: filter === "all" ? undefined : filter }),
    countOrganizationsByState({ actor }),
  ]);
  return { organizations, counts, filter };
}

export default function OrganizationsForReview() {
  const { organizations, counts, filter } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t("review.title")}</h1>
      <p className="wide">{t("review.lead")}</p>
      <nav aria-label={t("review.filter")}>
        <ul className="filters">
          {[...STATES, "all" as const].map((state) => (
            <li key={state}>
              <Link to={`?state=${state}`} aria-current={filter === state ? "page" : undefined}>
                {state === "all" ? t("review.all") : t(`verificationValue.${state}`)} ({state === "all" ? total : (counts[state] ?? 0)})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {organizations.length === 0 ? (
        <p className="empty-state">{t("review.empty")}</p>
      ) : (
        <ul className="doc-list">
          {organizations.map((o) => (
            <li key={o.id} className="doc">
              <div className="doc-main">
                <div className="doc-title">
                  <Link to={`/organizations/${o.id}`}>{localized(o, "name", locale)}</Link>
                </div>
                <ul className="facts-inline">
                  <li>{t(`legalFormValue.${o.legalForm}`)}</li>
                  <li>
                    {t("tin")} {o.tin}
                  </li>
                  <li>{t(`regionValue.${o.region}`, { defaultValue: o.region })}</li>
                  <li>
                    {t("review.since")}: {formatDate(o.updatedAt, locale)}
                  </li>
                </ul>
              </div>
              <VerificationBadge state={o.verification} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
