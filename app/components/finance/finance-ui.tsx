// Tables and export links shared by the finance pages.
import type React from "react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatMoney, localized, type AppLocale } from "~/utils/i18n";

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
  const query = (format: string) =>
    new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), format }).toString();
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

type ChoiceYear = { year: number; closed: boolean; opened: boolean };
type ChoiceProgramme = { id: string; code: string; nameKy: string; nameRu: string; nameEn: string };

/**
 * The year and programme chooser: a GET form, so the choice lives in the URL (a reload, a shared
 * link and a page without JavaScript keep it) and the exports below read the same parameters.
 */
export function FinanceChooser({
  years,
  year,
  programmes,
  programmeId,
  locale,
}: {
  years: ChoiceYear[];
  year: number;
  programmes: ChoiceProgramme[];
  programmeId: string | null;
  locale: AppLocale;
}) {
  const { t } = useTranslation("finance");
  return (
    <Form method="get" className="inline-form finance-chooser" aria-label={t("choice.legend")}>
      <div className="field">
        <label htmlFor="finance-year">{t("year")}</label>
        <select id="finance-year" name="year" defaultValue={String(year)} key={`y-${year}`}>
          {years.map((y) => (
            <option key={y.year} value={y.year}>
              {y.closed
                ? t("choice.yearClosed", { year: y.year })
                : y.opened
                  ? String(y.year)
                  : t("choice.yearNotOpened", { year: y.year })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="finance-programme">{t("choice.programme")}</label>
        <select id="finance-programme" name="programme" defaultValue={programmeId ?? ""} key={`p-${programmeId ?? ""}`}>
          <option value="">{t("choice.allProgrammes")}</option>
          {programmes.map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.code} ${localized(p, "name", locale)}`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button secondary small">
        {t("show")}
      </button>
    </Form>
  );
}

/**
 * A year with no appropriation for the choice: says so, and shows those who may open one where
 * (this year or the next, inside the programme's period); others learn who does it.
 */
export function NoAppropriation({
  year,
  currentYear,
  programme,
  hasProgrammes,
  canOpen,
  locale,
}: {
  year: number;
  currentYear: number;
  programme: (ChoiceProgramme & { firstYear: number | null; lastYear: number | null }) | null;
  hasProgrammes: boolean;
  canOpen: boolean;
  locale: AppLocale;
}) {
  const { t } = useTranslation("finance");
  const label = programme ? `${programme.code} ${localized(programme, "name", locale)}` : "";
  const outside =
    programme &&
    ((programme.firstYear !== null && year < programme.firstYear) || (programme.lastYear !== null && year > programme.lastYear));
  let next: React.ReactNode;
  if (year < currentYear) next = <p>{t("empty.past", { year })}</p>;
  else if (year > currentYear + 1) next = <p>{t("empty.tooEarly")}</p>;
  else if (outside) next = <p>{t("empty.outsidePeriod", { year, first: programme.firstYear ?? "…", last: programme.lastYear ?? "…" })}</p>;
  else if (!canOpen) next = <p>{t("empty.whoOpens")}</p>;
  else if (programme)
    next = (
      <p>
        <Link className="button" to={`/budgets/programmes/${programme.id}#open-title`}>
          {t("empty.open", { year })}
        </Link>
      </p>
    );
  else
    next = (
      <p>
        <Link className="button" to={hasProgrammes ? "/budgets/programmes" : "/budgets/programmes/new"}>
          {hasProgrammes ? t("empty.programmes") : t("empty.newProgramme")}
        </Link>
      </p>
    );
  return (
    <div className="empty-state" role="status">
      <p>{programme ? t("empty.programme", { programme: label, year }) : t("empty.all", { year })}</p>
      {next}
    </div>
  );
}
