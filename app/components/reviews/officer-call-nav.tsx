import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const PAGES = [
  { key: "call", to: (id: string) => `/officer/calls/${id}` },
  { key: "screening", to: (id: string) => `/officer/calls/${id}/screening` },
  { key: "commission", to: (id: string) => `/officer/calls/${id}/commission` },
  { key: "letters", to: (id: string) => `/awards/letters/${id}` },
  { key: "results", to: (id: string) => `/results/${id}` },
] as const;

/** The programme officer's way between the review pages of one call. */
export function OfficerCallNav({ callId, current }: { callId: string; current: (typeof PAGES)[number]["key"] }) {
  const { t } = useTranslation("reviews");
  return (
    <nav aria-label={t("officerNav.label")}>
      <ul className="subnav">
        {PAGES.map((page) => (
          <li key={page.key}>
            {page.key === current ? (
              <strong aria-current="page">{t(`officerNav.${page.key}`)}</strong>
            ) : (
              <Link to={page.to(callId)}>{t(`officerNav.${page.key}`)}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
