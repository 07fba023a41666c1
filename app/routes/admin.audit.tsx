import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAuditEvents, verifyAuditChain } from "~/domains/audit/audit.server";
import type { RootData } from "~/root";
import adminStyles from "~/styles/admin.css";
import { prisma } from "~/utils/db.server";
import { formatDateTime } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:audit:any");
  const [events, chain] = await Promise.all([listAuditEvents(prisma, { take: 200 }), verifyAuditChain(prisma)]);
  return {
    chain,
    events: events.map((e) => ({ seq: e.seq, occurredAt: e.occurredAt, actorLabel: e.actorLabel, action: e.action, entity: `${e.entityType} ${e.entityId}`, hash: e.hash })),
  };
}

export default function AuditTrail() {
  const { events, chain } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { t } = useTranslation();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.auditTitle")}</h1>
      <p>{t("admin.auditLead")}</p>
      {chain.break ? (
        <div className="alert alert-error" role="alert">
          {t("admin.chainBroken", { seq: chain.break.seq, reason: t(`audit:reason.${chain.break.reason}`) })}
        </div>
      ) : (
        <div className="alert alert-success" role="status">
          {t("admin.chainIntact", { count: chain.checked })}
        </div>
      )}
      <div className="table-scroll">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.seq")}</th>
              <th scope="col">{t("admin.when")}</th>
              <th scope="col">{t("admin.who")}</th>
              <th scope="col">{t("admin.action")}</th>
              <th scope="col">{t("admin.entity")}</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}>
                <td data-label={t("admin.seq")}>{e.seq}</td>
                <td data-label={t("admin.when")}>{formatDateTime(e.occurredAt, locale)}</td>
                <td data-label={t("admin.who")}>{e.actorLabel}</td>
                <td data-label={t("admin.action")}>
                  <code>{e.action}</code>
                </td>
                <td data-label={t("admin.entity")}>{e.entity}</td>
                <td data-label="SHA-256">
                  <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
