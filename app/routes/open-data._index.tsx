import type { MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { currentAuditHead } from "~/domains/audit/audit.server";
import type { RootData } from "~/root";
import { prisma } from "~/utils/db.server";
import { formatDateTime } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.openData");

const FILES = [
  { href: "/open-data/ocds.json", key: "ocds" },
  { href: "/open-data/360giving.json", key: "giving" },
  { href: "/open-data/360giving.csv", key: "givingCsv" },
] as const;

export async function loader() {
  const head = await currentAuditHead(prisma);
  return { auditHead: { size: head.size, hash: head.hash, at: head.at?.toISOString() ?? null } };
}

export default function OpenData() {
  const { t } = useTranslation("open-data");
  const { auditHead } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
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
            {t("auditHead.now", { size: auditHead.size, hash: auditHead.hash, at: auditHead.at ? formatDateTime(auditHead.at, locale) : "—" })}
          </p>
          <p className="meta">
            <code>/open-data/audit-head.json</code>
          </p>
        </li>
      </ul>
      <h2>{t("licenseTitle")}</h2>
      <p>{t("license")}</p>
    </section>
  );
}
