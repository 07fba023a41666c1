import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField } from "~/components/ui/field";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { inviteStaff, revokeStaffInvitation } from "~/domains/accounts/staff-invitations.server";
import { grantStaffRole, listStaff, removeStaffRole } from "~/domains/accounts/staff-roles.server";
import {
  STAFF_ROLES,
  StaffInvitationRevokeSchema,
  StaffInviteSchema,
  StaffRoleChangeSchema,
  type StaffRoleName,
} from "~/domains/accounts/staff-schemas";
import adminStyles from "~/styles/admin.css";
import { formToObject, intentOf, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { formatDate, LOCALE_NAMES, LOCALES } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { invite: "invite", revoke: "revoke", grant: "grant", remove: "remove" } as const;

const KEEP = ["email", "role", "locale"];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.staff");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  const { staff, invitations } = await listStaff({ actor });
  // Removing a role is confirmed on a second step (a GET, so it works without JavaScript).
  const params = new URL(request.url).searchParams;
  const person = staff.find((s) => s.id === params.get("remove"));
  const role = STAFF_ROLES.find((r) => r === params.get("role"));
  const confirming = person && role && person.roles.includes(role) ? { userId: person.id, fullName: person.fullName, role } : null;
  return { staff, invitations, confirming };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  const form = await readForm(request);
  const ipAddress = clientIp(request);
  try {
    const intent = intentOf(form, INTENT);
    if (!intent) return unknownIntent();
    switch (intent) {
      case INTENT.invite: {
        const { data: input, failure } = validateForm(form, StaffInviteSchema, KEEP);
        if (failure) return failure;
        try {
          const { created } = await inviteStaff({ actor, ...input, ipAddress });
          return redirect(donePath("/admin/staff", created ? "invited" : "alreadyInvited"));
        } catch (error) {
          return refusedForm(error, { intent, values: Object.fromEntries(KEEP.map((k) => [k, String(form.get(k) ?? "")])) });
        }
      }
      case INTENT.revoke: {
        const { invitationId } = parseOr400(StaffInvitationRevokeSchema, form);
        await revokeStaffInvitation({ actor, invitationId, ipAddress });
        return redirect(donePath("/admin/staff", "revoked"));
      }
      case INTENT.grant: {
        await grantStaffRole({ actor, ...parseOr400(StaffRoleChangeSchema, form), ipAddress });
        return redirect(donePath("/admin/staff", "granted"));
      }
      case INTENT.remove: {
        await removeStaffRole({ actor, ...parseOr400(StaffRoleChangeSchema, form), ipAddress });
        return redirect(donePath("/admin/staff", "removed"));
      }
      default:
        return unknownIntent();
    }
  } catch (error) {
    return refusedForm(error);
  }
}

function parseOr400<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, form: FormData): T {
  const parsed = schema.safeParse(formToObject(form));
  // Hidden fields only: a failure here is a forged or broken request, not a person's typing.
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  return parsed.data;
}

export default function AdminStaff() {
  const { staff, invitations, confirming } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const location = useLocation();
  const { t } = useTranslation("admin");
  const { t: tc } = useTranslation();
  const busy = navigation.state !== "idle";
  const roleName = (role: StaffRoleName) => tc(`dashboard.role.${role}`);
  const done = params.get("done");
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit, form } = useValidatedForm(StaffInviteSchema, { serverErrors: result?.errors });
  // After an invitation went out the form starts empty for the next person.
  useEffect(() => {
    if (done === "invited" || done === "alreadyInvited") form.reset();
  }, [location.key, done, form]);
  const columns = { name: t("staff.name"), email: t("staff.email"), roles: t("staff.roles"), actions: t("staff.actions") };
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t("staff.title")}</h1>
      <p>{t("staff.lead")}</p>
      <DoneNotice ns="admin" hidden={Boolean(result)} />
      <FormAlert failure={result} />

      {confirming ? (
        <div className="panel" id="confirm" role="region" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t("staff.confirmTitle")}</h2>
          <p>{t("staff.confirmBody", { name: confirming.fullName, role: roleName(confirming.role) })}</p>
          <Form method="post" action="/admin/staff" className="confirm-actions">
            <input type="hidden" name="userId" value={confirming.userId} />
            <input type="hidden" name="role" value={confirming.role} />
            <button type="submit" name="intent" value={INTENT.remove} className="button danger" disabled={busy}>
              {t("staff.confirmRemove")}
            </button>
            <Link to="/admin/staff" className="button secondary">
              {t("staff.cancel")}
            </Link>
          </Form>
        </div>
      ) : null}

      <div className="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("staff.inviteTitle")}</h2>
        {/* A new form after each answer: empty after a sent invitation, the typed values (sent back) after a refusal. */}
        <Form key={location.key} method="post" action="/admin/staff" onSubmit={onSubmit} noValidate>
          <input type="hidden" name="intent" value={INTENT.invite} />
          <Field
            label={t("staff.email")}
            type="email"
            autoComplete="off"
            defaultValue={values.email}
            error={errorFor("email")}
            {...register("email")}
          />
          <SelectField
            label={t("staff.role")}
            defaultValue={values.role ?? "PROGRAMME_OFFICER"}
            error={errorFor("role")}
            options={STAFF_ROLES.map((role) => ({ value: role, label: roleName(role) }))}
            {...register("role")}
          />
          <SelectField
            label={t("staff.locale")}
            hint={t("staff.localeHint")}
            defaultValue={values.locale ?? locale}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            {...register("locale")}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("staff.invite")}
          </button>
        </Form>
      </div>

      <h2 id="pending-title">{t("staff.pendingTitle")}</h2>
      {invitations.length === 0 ? (
        <p className="empty-state">{t("staff.pendingEmpty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table stack-table" aria-labelledby="pending-title">
            <thead>
              <tr>
                <th scope="col">{columns.email}</th>
                <th scope="col">{t("staff.role")}</th>
                <th scope="col">{t("staff.expires")}</th>
                <th scope="col">{columns.actions}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td data-label={columns.email}>{invitation.email}</td>
                  <td data-label={t("staff.role")}>{roleName(invitation.role)}</td>
                  <td data-label={t("staff.expires")}>{formatDate(invitation.expiresAt, locale)}</td>
                  <td data-label={columns.actions}>
                    <Form method="post" action="/admin/staff">
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button
                        type="submit"
                        name="intent"
                        value={INTENT.revoke}
                        className="button small secondary"
                        disabled={busy}
                        aria-label={t("staff.revokeLabel", { email: invitation.email })}
                      >
                        {t("staff.revoke")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="staff-list-title">{t("staff.staffTitle")}</h2>
      {staff.length === 0 ? <p className="empty-state">{t("staff.staffEmpty")}</p> : null}
      <div className="table-scroll">
        <table className="admin-table stack-table" aria-labelledby="staff-list-title">
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
            {staff.map((person) => {
              const missing = STAFF_ROLES.filter((role) => !person.roles.includes(role));
              return (
                <tr key={person.id}>
                  <td data-label={columns.name}>
                    {person.fullName}
                    {person.self ? <span className="meta"> ({t("staff.you")})</span> : null}
                    {person.status === "DISABLED" ? <span className="status-disabled"> ({t("staff.disabled")})</span> : null}
                  </td>
                  <td data-label={columns.email}>{person.email}</td>
                  <td data-label={columns.roles}>
                    <ul className="role-list">
                      {person.roles.map((role) => (
                        <li key={role}>
                          {roleName(role)}{" "}
                          <Link
                            to={`/admin/staff?${new URLSearchParams({ remove: person.id, role })}#confirm`}
                            className="button small secondary"
                            aria-label={t("staff.removeRoleLabel", { role: roleName(role), name: person.fullName })}
                          >
                            {t("staff.removeRole")}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label={columns.actions}>
                    {missing.length ? (
                      <Form method="post" action="/admin/staff" className="grant-form">
                        <input type="hidden" name="userId" value={person.id} />
                        <SelectField
                          id={`grant-${person.id}`}
                          name="role"
                          label={t("staff.addRole")}
                          options={missing.map((role) => ({ value: role, label: roleName(role) }))}
                        />
                        <button type="submit" name="intent" value={INTENT.grant} className="button small" disabled={busy}>
                          {t("staff.grant")}
                        </button>
                      </Form>
                    ) : null}
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
