import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Ачык маалыматтар / Открытые данные / Open data" }];

const FILES = [
  { href: "/open-data/ocds.json", key: "ocds" },
  { href: "/open-data/360giving.json", key: "giving" },
  { href: "/open-data/360giving.csv", key: "givingCsv" },
] as const;

export default function OpenData() {
  const { t } = useTranslation("open-data");
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
      </ul>
      <h2>{t("licenseTitle")}</h2>
      <p>{t("license")}</p>
    </section>
  );
}
