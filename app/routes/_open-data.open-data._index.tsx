import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { currentAuditHead } from "~/domains/audit/audit.server";
import { listPublicMunicipalities } from "~/domains/municipalities/publisher.server";
import { prisma } from "~/utils/db.server";
import { formatDateTime, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.openData");

const FILES = [
  { href: "/open-data/ocds.json", key: "ocds" },
  { href: "/open-data/360giving.json", key: "giving" },
  { href: "/open-data/360giving.csv", key: "givingCsv" },
] as const;

export async function loader() {
  const [head, municipalities] = await Promise.all([currentAuditHead(prisma), listPublicMunicipalities()]);
  return {
    auditHead: { size: head.size, hash: head.hash, at: head.at?.toISOString() ?? null, sealedAt: head.sealedAt?.toISOString() ?? null },
    // One municipality's files are the portal's files; several get a file each as well.
    municipalities:
      municipalities.length > 1 ? municipalities.map(({ slug, nameKy, nameRu, nameEn }) => ({ slug, nameKy, nameRu, nameEn })) : [],
  };
}

export default function OpenData() {
  const { t } = useTranslation("open-data");
  const { auditHead, municipalities } = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <section aria-labelledby="open-data-title">
      <h1 id="open-data-title">{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ul className="card-list">
        {FILES.map((file) => (
          <li key={file.key} className="card">
            <h2>
              <a href={file.href}>{t(`${file.key}.title`)}</a>
            </h2>
            <p>{t(`${file.key}.body`)}</p>
            <p className="meta">
              <code>{file.href}</code>
            </p>
          </li>
        ))}
        <li className="card">
          <h2>
            <a href="/open-data/audit-head.json">{t("auditHead.title")}</a>
          </h2>
          <p>{t("auditHead.body")}</p>
          <p className="meta">
            {t("auditHead.now", {
              size: auditHead.size,
              hash: auditHead.hash,
              at: auditHead.at ? formatDateTime(auditHead.at, locale) : "—",
              sealedAt: auditHead.sealedAt ? formatDateTime(auditHead.sealedAt, locale) : "—",
            })}
          </p>
          <p className="meta">
            <code>/open-data/audit-head.json</code>
          </p>
        </li>
      </ul>
      {municipalities.length > 0 ? (
        <section aria-labelledby="open-data-municipalities">
          <h2 id="open-data-municipalities">{t("byMunicipality.title")}</h2>
          <p>{t("byMunicipality.lead")}</p>
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("byMunicipality.municipality")}</th>
                <th scope="col">{t("byMunicipality.files")}</th>
              </tr>
            </thead>
            <tbody>
              {municipalities.map((m) => (
                <tr key={m.slug}>
                  <th scope="row" data-label={t("byMunicipality.municipality")}>
                    {localized(m, "name", locale)}
                  </th>
                  <td data-label={t("byMunicipality.files")}>
                    {FILES.map((file, i) => (
                      <span key={file.key}>
                        {i > 0 ? " · " : null}
                        <a href={`${file.href}?municipality=${encodeURIComponent(m.slug)}`}>{t(`${file.key}.title`)}</a>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <h2>{t("licenseTitle")}</h2>
      <p>{t("license")}</p>
    </section>
  );
}
