// Tables and export links shared by the finance pages.
import type React from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatMoney, type AppLocale } from "~/utils/i18n";

type MoneyKey = "amount" | "allocated" | "committed" | "free" | "disbursed" | "returned" | "remaining" | "envelope";

/** A table of money columns with a totals row; the first column links down a level. */
export function FiguresTable({
  caption,
  rows,
  totals,
  columns,
  locale,
  extra,
}: {
  caption: string;
  rows: { key: string; label: string; to?: string; sub?: string; figures: Partial<Record<MoneyKey, bigint>>; status?: React.ReactNode }[];
  totals?: Partial<Record<MoneyKey, bigint>>;
  columns: MoneyKey[];
  locale: AppLocale;
  extra?: string;
}) {
  const { t } = useTranslation("finance");
  return (
    <div className="table-scroll">
      <table className="stack-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{extra ?? t("col.programme")}</th>
            {rows.some((r) => r.status) ? <th scope="col">{t("col.status")}</th> : null}
            {columns.map((c) => (
              <th key={c} scope="col" className="num">
                {t(`col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {row.to ? <Link to={row.to}>{row.label}</Link> : row.label}
                {row.sub ? <div className="meta">{row.sub}</div> : null}
              </th>
              {rows.some((r) => r.status) ? <td data-label={t("col.status")}>{row.status}</td> : null}
              {columns.map((c) => (
                <td key={c} className="num" data-label={t(`col.${c}`)}>
                  {row.figures[c] !== undefined ? formatMoney(row.figures[c]!, locale) : "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {totals ? (
          <tfoot>
            <tr>
              <th scope="row">{t("totals")}</th>
              {rows.some((r) => r.status) ? <td /> : null}
              {columns.map((c) => (
                <td key={c} className="num" data-label={t(`col.${c}`)}>
                  {totals[c] !== undefined ? formatMoney(totals[c]!, locale) : ""}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

/** Plain links (downloads work without JavaScript). */
export function ExportLinks({ table, params = {} }: { table: string; params?: Record<string, string> }) {
  const { t } = useTranslation("finance");
  const query = (format: string) => new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), format }).toString();
  return (
    <p className="actions-row">
      <span>
        {t("export.label")} «{t(`export.table.${table}`)}»:
      </span>
      <a className="button small secondary" href={`/finance/export/${table}?${query("csv")}`} download>
        {t("export.csv")}
      </a>
      <a className="button small secondary" href={`/finance/export/${table}?${query("xlsx")}`} download>
        {t("export.xlsx")}
      </a>
      <span className="meta">{t("export.csvFormat")}</span>
    </p>
  );
}
