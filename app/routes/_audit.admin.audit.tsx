import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyAuditChain } from "~/domains/audit/audit.server";
import { listAuditEventsForActor, objectLabels } from "~/domains/audit/audit-view.server";
import adminStyles from "~/styles/admin.css";
import { prisma } from "~/utils/db.server";
import { formatDateTime } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";
import { Notice } from "~/components/ui/alerts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.audit");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:audit:any");
  // Only the actor's municipality's events are listed; the chain is one and is verified whole.
  const [events, chain, locale] = await Promise.all([
    listAuditEventsForActor({ actor, take: 200 }),
    verifyAuditChain(prisma),
    resolveLocale(request, actor.locale),
  ]);
  const labels = await objectLabels(events, locale);
  return {
    chain: { checked: chain.checked, break: chain.break },
    events: events.map((e) => ({
      seq: e.seq,
      occurredAt: e.occurredAt,
      actorLabel: e.actorLabel,
      action: e.action,
      entityType: e.entityType,
      label: labels[`${e.entityType}:${e.entityId}`] ?? e.entityId,
      // Committed but not yet chained by the sealer (decision 0064): listed, so that nothing looks missing.
      sealed: e.position !== null,
      position: e.position,
      hash: e.hash,
    })),
  };
}

export default function AuditTrail() {
  const { events, chain } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation();
  const { t: ta } = useTranslation("audit");
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.auditTitle")}</h1>
      <p>{ta("page.lead")}</p>
      {chain.break ? (
        <Notice tone="error">{t("admin.chainBroken", { seq: chain.break.seq, reason: t(`audit:reason.${chain.break.reason}`) })}</Notice>
      ) : (
        <Notice tone="success">{t("admin.chainIntact", { count: chain.checked })}</Notice>
      )}
      <div className="table-scroll">
        <table className="admin-table stack-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.seq")}</th>
              <th scope="col">{t("admin.when")}</th>
              <th scope="col">{t("admin.who")}</th>
              <th scope="col">{t("admin.action")}</th>
              <th scope="col">{t("admin.entity")}</th>
              <th scope="col">{ta("page.hashLabel")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}>
                <td data-label={t("admin.seq")}>{e.position ?? "—"}</td>
                <td data-label={t("admin.when")}>{formatDateTime(e.occurredAt, locale)}</td>
                <td data-label={t("admin.who")}>{e.actorLabel}</td>
                <td data-label={t("admin.action")}>{ta(`action.${e.action}`, { defaultValue: e.action })}</td>
                <td data-label={t("admin.entity")}>
                  {ta("page.object", { type: ta(`entity.${e.entityType}`, { defaultValue: e.entityType }), label: e.label })}
                </td>
                <td data-label={ta("page.hashLabel")}>
                  {e.sealed ? <code title={e.hash}>{e.hash.slice(0, 12)}…</code> : <em>{ta("page.unsealed")}</em>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
