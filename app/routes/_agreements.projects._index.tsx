import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MunicipalityChooser } from "~/components/municipalities/municipality-chooser";
import { Badge } from "~/components/ui/alerts";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { listPublicProjects } from "~/domains/agreements/public-projects.server";
import { publicMunicipalityScope } from "~/domains/municipalities/publisher.server";
import { formatMoney, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.projects");

// Public: no sign-in. Only signed agreements and accepted reports are shown.
export async function loader({ request }: LoaderFunctionArgs) {
  const { municipalities, chosen } = await publicMunicipalityScope(new URL(request.url));
  return { municipalities, chosen: chosen?.slug ?? null, projects: await listPublicProjects(chosen?.id) };
}

export default function Projects() {
  const { projects, municipalities, chosen } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("grants");
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">{t("title.projects")}</h1>
      <p className="lead">{t("lead.projects")}</p>
      <MunicipalityChooser municipalities={municipalities} chosen={chosen} id="projects-municipality" />
      {projects.length === 0 ? <p className="empty-state">{t("empty.projects")}</p> : null}
      <ul className="card-list">
        {projects.map((p) => (
          <li key={p.id} className="card">
            <h2 style={{ margin: "0 0 0.25rem", fontSize: "1.1rem" }}>
              <Link to={`/projects/${p.id}`}>{p.title}</Link>
            </h2>
            <p className="meta">
              {localized(p.organization, "name", locale)} · {localized(p.municipality, "name", locale)} · {p.number} ·{" "}
              <Badge tone={statusTone(p.status)}>{t(`agreementStatus.${p.status}`)}</Badge>
            </p>
            <p>
              {t("projects.amount")}: <strong>{formatMoney(p.amount, locale)}</strong> · {t("projects.paid")}: {formatMoney(p.paid, locale)}
            </p>
            <div className="progress" role="img" aria-label={`${t("projects.progress")}: ${p.accepted}/${p.milestones}`}>
              <span style={{ width: `${p.milestones ? (100 * p.accepted) / p.milestones : 0}%` }} />
            </div>
            <p className="meta">
              {t("projects.progress")}: {p.accepted}/{p.milestones}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
