import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listUsers, setUserStatus } from "~/domains/accounts/accounts.server";
import { DomainError } from "~/utils/domain-error";
import { readForm } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";

const StatusSchema = z.object({ userId: z.string().min(1).max(64), status: z.enum(["ACTIVE", "DISABLED"]) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:user:any");
  return { users: await listUsers() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  const parsed = StatusSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  if (parsed.data.userId === actor.id) throw new Response("Bad request", { status: 400 });
  try {
    await setUserStatus(actor, parsed.data.userId, parsed.data.status);
  } catch (error) {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  }
  return redirect("/admin/users");
}

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t("admin.usersTitle")}</h1>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.name")}</th>
              <th scope="col">{t("admin.email")}</th>
              <th scope="col">{t("admin.roles")}</th>
              <th scope="col">{t("admin.status")}</th>
              <th scope="col">{t("admin.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.fullName}</td>
                <td>{user.email}</td>
                <td>
                  {[
                    ...user.roles.map((r) => t(`dashboard.role.${r.role}`)),
                    ...user.memberships.map((m) => `${t(`dashboard.role.NCO_${m.role}`)} — ${m.organization.nameRu}`),
                  ].join("; ")}
                </td>
                <td>{t(`admin.statusValue.${user.status}`)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="userId" value={user.id} />
                    <input type="hidden" name="status" value={user.status === "ACTIVE" ? "DISABLED" : "ACTIVE"} />
                    <button type="submit" className="button small secondary">
                      {user.status === "ACTIVE" ? t("admin.disable") : t("admin.enable")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
