// The proposal read back section by section: what the NCO checks before
// submitting, and what staff read once it is submitted.
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, type AppLocale } from "~/utils/i18n";
import { hundredthsToInput } from "~/domains/proposals/money-input";
import { lineTotal } from "~/domains/proposals/proposal-schemas";
import type { ProposalView } from "~/domains/proposals/proposals.server";
import { scrollRegion } from "~/components/ui/scroll-region";

function Text({ value }: { value: string }) {
  const { t } = useTranslation("proposals");
  if (!value.trim()) return <p className="meta">{t("content.empty")}</p>;
  return (
    <div className="prose">
      {value.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </div>
  );
}

export function ProposalContent({ view, locale }: { view: ProposalView; locale: AppLocale }) {
  const { t } = useTranslation("proposals");
  const p = view.proposal;
  const decimal = locale === "en" ? "." : ",";
  return (
    <div className="proposal-content">
      <h3>{t("sections.summary.title")}</h3>
      <Text value={p.summary} />
      <h3>{t("sections.problem.title")}</h3>
      <Text value={p.problem} />
      <h3>{t("sections.target-group.title")}</h3>
      <Text value={p.targetGroup} />
      <p>
        <strong>{t("fields.beneficiaries")}:</strong> {p.beneficiaries}
      </p>
      <h3>{t("sections.objectives.title")}</h3>
      <Text value={p.objectives} />
      <h3>{t("sections.work-plan.title")}</h3>
      <Text value={p.activities} />
      {p.milestones.length ? (
        <div className="table-scroll" {...scrollRegion(t("sections.work-plan.title"))}>
          <table>
            <caption className="visually-hidden">{t("milestones.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("milestones.title")}</th>
                <th scope="col">{t("milestones.deliverables")}</th>
                <th scope="col">{t("milestones.dates")}</th>
              </tr>
            </thead>
            <tbody>
              {p.milestones.map((m) => (
                <tr key={m.id}>
                  <td>{m.title}</td>
                  <td>{m.deliverables}</td>
                  <td>
                    {formatDate(m.startsOn, locale)} — {formatDate(m.dueOn, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h3>{t("sections.budget.title")}</h3>
      {p.budgetLines.length ? (
        <div className="table-scroll" {...scrollRegion(t("sections.budget.title"))}>
          <table className="budget-table">
            <caption className="visually-hidden">{t("budget.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("budget.categoryLabel")}</th>
                <th scope="col">{t("budget.description")}</th>
                <th scope="col" className="num">
                  {t("budget.quantity")}
                </th>
                <th scope="col" className="num">
                  {t("budget.unitCost")}
                </th>
                <th scope="col" className="num">
                  {t("budget.total")}
                </th>
                <th scope="col" className="num">
                  {t("budget.requested")}
                </th>
                <th scope="col" className="num">
                  {t("budget.cofinancing")}
                </th>
              </tr>
            </thead>
            <tbody>
              {p.budgetLines.map((l) => (
                <tr key={l.id}>
                  <td>{t(`budget.category.${l.category}`, { defaultValue: l.category })}</td>
                  <td>{l.description}</td>
                  <td className="num">
                    {hundredthsToInput(l.quantity, decimal)} {l.unit}
                  </td>
                  <td className="num">{formatMoney(l.unitCost, locale)}</td>
                  <td className="num">{formatMoney(lineTotal(l.quantity, BigInt(l.unitCost)), locale)}</td>
                  <td className="num">{formatMoney(l.requested, locale)}</td>
                  <td className="num">{formatMoney(l.cofinancing, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={5}>
                  {t("budget.totals")}
                </th>
                <td className="num">
                  <strong>{formatMoney(p.requestedTotal, locale)}</strong>
                </td>
                <td className="num">{formatMoney(p.cofinancingTotal, locale)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p className="meta">{t("content.empty")}</p>
      )}
      <h3>{t("sections.team.title")}</h3>
      <Text value={p.team} />
      <h3>{t("sections.documents.title")}</h3>
      {p.attachments.length ? (
        <ul className="document-list">
          {p.attachments.map((a) => {
            const file = a.attachment ?? a.storedDocument?.attachment;
            return (
              <li key={a.id}>
                <div>
                  <strong>{t(`documentKind.${a.kind}`)}</strong>:{" "}
                  {file ? <a href={`/files/${file.id}`}>{a.storedDocument?.title ?? file.originalName}</a> : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="meta">{t("content.empty")}</p>
      )}
    </div>
  );
}
