import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney, localized, type AppLocale } from "~/utils/i18n";
import { urgencyOf, type NextAction } from "~/domains/dashboards/next-action-rules";

/** The person's next steps, each linking to its object, with its deadline and (for staff) the programme. */
export function NextActionsList({ actions, title, locale, now }: { actions: NextAction[]; title: string; locale: AppLocale; now: Date }) {
  const { t } = useTranslation("dashboard");
  return (
    <section aria-labelledby="next-actions-title">
      <h2 id="next-actions-title">{title}</h2>
      {actions.length === 0 ? (
        <p className="empty-state">{t("next.none")}</p>
      ) : (
        <ol className="next-actions">
          {actions.map((action, index) => {
            const urgency = urgencyOf(action.due, now);
            const values: Record<string, string> = { ...action.params };
            for (const [name, tyiyn] of Object.entries(action.money ?? {})) values[name] = formatMoney(tyiyn, locale);
            for (const [name, record] of Object.entries(action.names ?? {})) values[name] = localized(record, "name", locale);
            return (
              <li key={`${action.key}-${action.to}-${index}`} className={`next-action${urgency ? ` next-action-${urgency}` : ""}`}>
                <Link to={action.to}>{t(`next.${action.key}`, values)}</Link>
                {action.due || action.programme ? (
                  <span className="next-action-meta">
                    {action.due ? (
                      <span className="next-action-due">
                        {t(urgency === "overdue" ? "next.overdueSince" : "next.dueBy", { date: formatDate(action.due, locale) })}
                        {urgency === "soon" ? ` · ${t("next.soon")}` : ""}
                      </span>
                    ) : null}
                    {action.programme ? (
                      <span>{t("next.programme", { code: action.programme.code, name: localized(action.programme, "name", locale) })}</span>
                    ) : null}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
