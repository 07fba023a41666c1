import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { VerificationBadge } from "~/components/organizations/verification-badge";
import { DoneNotice } from "~/components/ui/alerts";
import { getOrganizationForActor } from "~/domains/organizations/organizations.server";
import styles from "~/styles/organizations.css";
import { localized } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "titles.organization", (locale) => (data ? localized(data.organization, "name", locale) : null));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const organization = await getOrganizationForActor(actor, params.organizationId ?? "");
  if (!organization) throw new Response("Not found", { status: 404 });
  const { id, nameKy, nameRu, nameEn, verification, viewerRole } = organization;
  return {
    organization: { id, nameKy, nameRu, nameEn, verification },
    isAdmin: viewerRole === "ADMIN" && can(actor, "manage:organization:own"),
  };
}

export default function OrganizationLayout() {
  const { organization: o, isAdmin } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const base = `/organizations/${o.id}`;
  return (
    <section aria-labelledby="org-title">
      <div className="org-header">
        <h1 id="org-title">{localized(o, "name", locale)}</h1>
        <VerificationBadge state={o.verification} />
      </div>
      <nav aria-label={t("tabs.label")}>
        <ul className="tabs">
          <li>
            <NavLink to={base} end>
              {t("tabs.profile")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/members`}>{t("tabs.members")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/documents`}>{t("tabs.documents")}</NavLink>
          </li>
          {isAdmin ? (
            <li>
              <NavLink to={`${base}/edit`}>{t("tabs.edit")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {/* The confirmation of the tab's last action (?done=<key>), e.g. "invited" with ?email=. */}
      <DoneNotice ns="organizations" />
      <Outlet />
    </section>
  );
}
