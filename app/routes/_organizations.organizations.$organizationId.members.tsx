import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField } from "~/components/ui/field";
import { donePath, FormAlert } from "~/components/ui/alerts";
import { InvitationSchema, RowSchema } from "~/domains/organizations/organization-schemas";
import { inviteMember, listMembers, removeMember, revokeInvitation } from "~/domains/organizations/organizations.server";
import { intentOf, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDate } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { invite: "invite", revoke: "revoke", remove: "remove" } as const;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.organizationMembers");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const list = await listMembers({ actor, organizationId: params.organizationId ?? "" });
  if (!list) throw new Response("Not found", { status: 404 });
  const isAdmin = list.members.some((m) => m.user.id === actor.id && m.role === "ADMIN") && can(actor, "invite:member:own");
  return { members: list.members, invitations: isAdmin ? list.invitations : [], isAdmin, viewerId: actor.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "invite:member:own");
  const organizationId = params.organizationId ?? "";
  const form = await request.formData();
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  const ipAddress = clientIp(request);
  try {
    switch (intent) {
      case INTENT.invite: {
        const { data, failure } = validateForm(form, InvitationSchema, ["email", "role"], intent);
        if (failure) return failure;
        await inviteMember({ actor, organizationId, email: data.email, role: data.role, ipAddress });
        return redirect(donePath(`/organizations/${organizationId}/members`, "invited", { email: data.email }));
      }
      case INTENT.revoke:
      case INTENT.remove: {
        const row = RowSchema.safeParse({ id: form.get("id") });
        if (!row.success) throw new Response("Bad request", { status: 400 });
        if (intent === INTENT.revoke) await revokeInvitation({ actor, organizationId, invitationId: row.data.id });
        else await removeMember({ actor, organizationId, memberId: row.data.id, ipAddress });
        return redirect(donePath(`/organizations/${organizationId}/members`, intent === INTENT.revoke ? "revoked" : "removed"));
      }
    }
  } catch (error) {
    return refusedForm(error, { intent, values: { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") } });
  }
}

export default function OrganizationMembers() {
  const { members, invitations, isAdmin, viewerId } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const result = useActionData<typeof action>();
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{t("members.title")}</h2>
      {result?.intent !== INTENT.invite ? <FormAlert failure={result} /> : null}
      <ul className="doc-list">
        {members.map((m) => (
          <li key={m.id} className="doc">
            <div className="doc-main">
              <div className="doc-title">
                {m.user.fullName}
                {m.user.id === viewerId ? ` (${t("members.you")})` : ""}
              </div>
              <ul className="facts-inline">
                <li>{m.user.email}</li>
                <li>{t(`role.${m.role}`)}</li>
                <li>
                  {t("members.since")} {formatDate(m.createdAt, locale)}
                </li>
              </ul>
            </div>
            {isAdmin ? (
              <Form method="post">
                <input type="hidden" name="id" value={m.id} />
                <button
                  type="submit"
                  name="intent"
                  value={INTENT.remove}
                  className="button small secondary"
                  aria-label={`${t("members.remove")}: ${m.user.fullName}`}
                >
                  {t("members.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {isAdmin ? <InviteForm result={result} /> : null}
      {isAdmin && invitations.length ? (
        <>
          <h2>{t("members.pendingTitle")}</h2>
          <ul className="doc-list">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="doc">
                <div className="doc-main">
                  <div className="doc-title">{invitation.email}</div>
                  <div className="doc-kind">
                    {t(`role.${invitation.role}`)} · {t("members.expires", { date: formatDate(invitation.expiresAt, locale) })}
                  </div>
                </div>
                <Form method="post">
                  <input type="hidden" name="id" value={invitation.id} />
                  <button type="submit" name="intent" value={INTENT.revoke} className="button small secondary">
                    {t("members.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function InviteForm({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  const { t } = useTranslation("organizations");
  const { register, errorFor, onSubmit } = useValidatedForm(InvitationSchema, { serverErrors: result?.errors });
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t("members.inviteTitle")}</h2>
      <p>{t("members.inviteLead")}</p>
      <FormAlert failure={result} intent={INTENT.invite} />
      <Form method="post" onSubmit={onSubmit} noValidate className="narrow">
        <input type="hidden" name="intent" value={INTENT.invite} />
        <Field
          label={t("members.inviteEmail")}
          type="email"
          autoComplete="off"
          defaultValue={result?.values?.email ?? ""}
          error={errorFor("email")}
          {...register("email")}
        />
        <SelectField
          label={t("members.inviteRole")}
          defaultValue={result?.values?.role ?? "MEMBER"}
          options={(["MEMBER", "ADMIN"] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
          {...register("role")}
        />
        <button type="submit" className="button">
          {t("members.inviteSubmit")}
        </button>
      </Form>
    </section>
  );
}
