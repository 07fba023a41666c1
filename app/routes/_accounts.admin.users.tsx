import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { STAFF_ERRORS } from "~/domains/accounts/staff-roles.server";
import { listAccountsForAdmin, setAccountStatus } from "~/domains/accounts/user-administration.server";
import { FormAlert } from "~/components/ui/alerts";
import adminStyles from "~/styles/admin.css";
import { DomainError } from "~/utils/domain-error";
import { readForm, refusedForm } from "~/utils/forms.server";
import { localized } from "~/utils/i18n";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

const StatusSchema = z.object({ userId: z.string().min(1).max(64), status: z.enum(["ACTIVE", "DISABLED"]) });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.users");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  return { users: await listAccountsForAdmin({ actor }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  const parsed = StatusSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  try {
    await setAccountStatus({ actor, ...parsed.data, ipAddress: clientIp(request) });
  } catch (error) {
    // The last administrator stays enabled, and the page says why.
    if (error instanceof DomainError && error.code === STAFF_ERRORS.lastAdministrator) return refusedForm(error);
    // Another municipality's account, an NCO's, or one's own: as if it did not exist.
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  }
  return redirect("/admin/users");
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation();
  const { t: ta } = useTranslation("admin");
  const columns = {
    name: t("admin.name"),
    email: t("admin.email"),
    roles: t("admin.roles"),
    status: t("admin.status"),
    actions: t("admin.actions"),
  };
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("admin.usersTitle")}</h1>
      <p>{ta("users.lead")}</p>
      <p className="meta">{ta("users.scopeNote")}</p>
      <FormAlert failure={result} />
      {users.length === 0 ? <p className="empty-state">{ta("users.empty")}</p> : null}
      <div className="table-scroll">
        <table className="admin-table stack-table">
          <thead>
            <tr>
              {Object.values(columns).map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const roles = [
                ...user.roles.map((role) => t(`dashboard.role.${role}`)),
                ...(user.commissionMember ? [t("dashboard.role.COMMISSION_MEMBER")] : []),
                ...user.memberships.map((m) => `${t(`dashboard.role.NCO_${m.role}`)} — ${localized(m.organization, "name", locale)}`),
              ];
              const next = user.status === "ACTIVE" ? "DISABLED" : "ACTIVE";
              const verb = next === "DISABLED" ? t("admin.disable") : t("admin.enable");
              return (
                <tr key={user.id}>
                  <td data-label={columns.name}>{user.fullName}</td>
                  <td data-label={columns.email}>
                    {user.email}
                    {user.emailConfirmedAt ? null : <span className="meta"> ({ta("users.emailPending")})</span>}
                  </td>
                  <td data-label={columns.roles}>{roles.join("; ") || "—"}</td>
                  <td data-label={columns.status} className={user.status === "DISABLED" ? "status-disabled" : undefined}>
                    {t(`admin.statusValue.${user.status}`)}
                  </td>
                  <td data-label={columns.actions}>
                    {user.manageable ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={user.id} />
                        <input type="hidden" name="status" value={next} />
                        <button type="submit" className="button small secondary" aria-label={`${verb}: ${user.fullName}`}>
                          {verb}
                        </button>
                      </Form>
                    ) : (
                      <span className="meta">{ta("users.notManaged")}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
