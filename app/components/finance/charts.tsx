// Charts drawn as SVG on the server: they show without JavaScript, print, and
// carry their meaning in text (title, desc and a data table beside them).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney, formatMonthShort, type AppLocale } from "~/utils/i18n";
import { budgetUseParts, percentOf, type BudgetFigures } from "~/domains/finance/finance-rules";
import { scrollRegion } from "~/components/ui/scroll-region";

const PARTS = ["paid", "returned", "committedUnpaid", "allocatedUncommitted", "unallocated"] as const;
type Part = (typeof PARTS)[number];
const PART_COLOURS: Record<Part, string> = {
  paid: "#1d6b38",
  returned: "#7a4fa3",
  committedUnpaid: "#0b5394",
  allocatedUncommitted: "#e0a100",
  unallocated: "#c9d1db",
};

function compactSom(tyiyn: bigint, locale: AppLocale) {
  const som = Number(tyiyn / 100n);
  return new Intl.NumberFormat(locale === "en" ? "en-GB" : "ru-RU", {
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(som);
}

/** One horizontal bar per row, split into the parts of budgetUseParts. */
export function BudgetUseChart({ rows, locale }: { rows: (BudgetFigures & { label: string })[]; locale: AppLocale }) {
  const { t } = useTranslation("finance");
  const id = useId();
  const barHeight = 28;
  const gap = 30;
  const left = 8;
  const width = 640;
  const inner = width - 2 * left;
  const height = rows.length * (barHeight + gap) + 8;
  const summary = rows
    .map((row) => {
      const parts = budgetUseParts(row);
      return t("chart.budgetUseRow", {
        label: row.label,
        amount: formatMoney(row.amount, locale),
        paid: percentOf(parts.paid, row.amount),
        committed: percentOf(parts.committedUnpaid, row.amount),
        free: percentOf(parts.unallocated + parts.allocatedUncommitted, row.amount),
      });
    })
    .join(" ");
  return (
    <figure className="chart">
      <div className="chart-canvas" {...scrollRegion(t("chart.budgetUseTitle"))}>
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
          <title id={`${id}-t`}>{t("chart.budgetUseTitle")}</title>
          <desc id={`${id}-d`}>{summary}</desc>
          {rows.map((row, index) => {
            const parts = budgetUseParts(row);
            const y = index * (barHeight + gap) + 22;
            let x = left;
            return (
              <g key={row.label}>
                <text x={left} y={y - 6} fontSize="15" fill="#1b1f24">
                  {row.label} — {formatMoney(row.amount, locale)}
                </text>
                {PARTS.map((part) => {
                  const w = row.amount > 0n ? (Number((parts[part] * 10_000n) / row.amount) / 10_000) * inner : 0;
                  const rect = <rect key={part} x={x} y={y} width={Math.max(0, w)} height={barHeight} fill={PART_COLOURS[part]} />;
                  x += w;
                  return rect;
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="chart-legend">
        {PARTS.map((part) => (
          <li key={part}>
            <span className="swatch" style={{ background: PART_COLOURS[part] }} aria-hidden="true" />
            {t(`chart.part.${part}`)}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("chart.asTable")}</summary>
        <div className="table-scroll" {...scrollRegion(t("chart.asTable"))}>
          <table>
            <caption className="visually-hidden">{t("chart.budgetUseTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("col.programme")}</th>
                {PARTS.map((part) => (
                  <th scope="col" key={part} className="num">
                    {t(`chart.part.${part}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const parts = budgetUseParts(row);
                return (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    {PARTS.map((part) => (
                      <td key={part} className="num">
                        {formatMoney(parts[part], locale)} ({percentOf(parts[part], row.amount)} %)
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Columns of money paid per month (Bishkek time). */
export function DisbursementsChart({ months, locale }: { months: { month: string; amount: bigint }[]; locale: AppLocale }) {
  const { t } = useTranslation("finance");
  const id = useId();
  if (months.length === 0) return <p className="empty-state">{t("chart.noDisbursements")}</p>;
  const width = 640;
  const height = 240;
  const top = 24;
  const bottom = 36;
  const left = 8;
  const plot = height - top - bottom;
  const max = months.reduce((m, x) => (x.amount > m ? x.amount : m), 1n);
  const slot = (width - 2 * left) / months.length;
  const bar = Math.min(56, slot * 0.7);
  const monthLabel = (month: string) => formatMonthShort(month, locale);
  const total = months.reduce((s, m) => s + m.amount, 0n);
  return (
    <figure className="chart">
      <div className="chart-canvas" {...scrollRegion(t("chart.disbursementsTitle"))}>
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
          <title id={`${id}-t`}>{t("chart.disbursementsTitle")}</title>
          <desc id={`${id}-d`}>
            {t("chart.disbursementsDesc", {
              total: formatMoney(total, locale),
              count: months.length,
            })}{" "}
            {months.map((m) => `${monthLabel(m.month)}: ${formatMoney(m.amount, locale)}`).join("; ")}
          </desc>
          <line x1={left} x2={width - left} y1={top + plot} y2={top + plot} stroke="#8a96a3" />
          {months.map((m, i) => {
            const h = Math.max(2, (Number((m.amount * 10_000n) / max) / 10_000) * plot);
            const x = left + i * slot + (slot - bar) / 2;
            return (
              <g key={m.month}>
                <rect x={x} y={top + plot - h} width={bar} height={h} fill="#0b5394" />
                <text x={x + bar / 2} y={top + plot - h - 6} fontSize="13" textAnchor="middle" fill="#1b1f24">
                  {compactSom(m.amount, locale)}
                </text>
                <text x={x + bar / 2} y={height - 14} fontSize="13" textAnchor="middle" fill="#4a5563">
                  {monthLabel(m.month)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details>
        <summary>{t("chart.asTable")}</summary>
        <div className="table-scroll" {...scrollRegion(t("chart.asTable"))}>
          <table>
            <caption className="visually-hidden">{t("chart.disbursementsTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("col.month")}</th>
                <th scope="col" className="num">
                  {t("col.disbursed")}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthLabel(m.month)}</th>
                  <td className="num">{formatMoney(m.amount, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
