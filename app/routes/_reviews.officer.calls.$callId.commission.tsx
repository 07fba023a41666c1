import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { ConfirmStep } from "~/components/reviews/confirm-step";
import { LikelyConflicts } from "~/components/reviews/likely-conflicts";
import { OfficerCallNav } from "~/components/reviews/officer-call-nav";
import { Badge, DoneNotice, donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { useLocale } from "~/components/ui/use-locale";
import { CommissionInvitationWithdrawSchema, CommissionInviteSchema } from "~/domains/reviews/commission-invitation-schemas";
import { inviteToCommission, withdrawCommissionInvitation } from "~/domains/reviews/commission-invitations.server";
import { getCommissionForOfficer, removeMember } from "~/domains/reviews/commission.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { COMMISSION_ROLES, SeatSchema } from "~/domains/reviews/review-schemas";
import styles from "~/styles/reviews.css";
import { fieldErrorsOf, type FormFailure, formToObject, intentOf, invalidForm, refusedForm, unknownIntent } from "~/utils/forms.server";
import { formatDate, localized, LOCALE_NAMES, LOCALES } from "~/utils/i18n";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { appoint: "appoint", withdraw: "withdraw", remove: "remove" } as const;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.commission", data?.call.reference);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "appoint:commission:any");
  return orRespond(() => getCommissionForOfficer({ actor, callId: params.callId ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "appoint:commission:any");
  const callId = params.callId ?? "";
  const raw = formToObject(await request.formData());
  const intent = intentOf(raw, INTENT);
  if (!intent) return unknownIntent();
  // What the officer typed comes back with a refusal, so nothing is lost.
  const typed = {
    email: raw.email ?? "",
    fullName: raw.fullName ?? "",
    role: raw.role ?? "",
    affiliations: raw.affiliations ?? "",
    locale: raw.locale ?? "",
  };
  try {
    switch (intent) {
      case INTENT.appoint: {
        // An address with an account is seated at once; any other is invited by e-mail (decision 0061).
        const parsed = CommissionInviteSchema.safeParse(raw);
        if (!parsed.success) return invalidForm(fieldErrorsOf(parsed.error), { intent: INTENT.appoint, values: typed });
        const { outcome } = await inviteToCommission({ actor, callId, ...parsed.data, ipAddress: clientIp(request) });
        return redirect(donePath(`/officer/calls/${callId}/commission`, outcome === "seated" ? "appointed" : outcome));
      }
      case INTENT.withdraw: {
        const parsed = CommissionInvitationWithdrawSchema.safeParse(raw);
        if (!parsed.success) throw new Response("Bad request", { status: 400 });
        await withdrawCommissionInvitation({ actor, callId, invitationId: parsed.data.invitationId, ipAddress: clientIp(request) });
        return redirect(donePath(`/officer/calls/${callId}/commission`, "withdrawn"));
      }
      case INTENT.remove: {
        const parsed = SeatSchema.safeParse(raw);
        if (!parsed.success) throw new Response("Bad request", { status: 400 });
        // A removal happens only from its confirmation step; anything else is shown that step first.
        if (raw.confirmed !== "yes")
          return redirect(`/officer/calls/${callId}/commission?remove=${encodeURIComponent(parsed.data.membershipId)}`);
        await removeMember({ actor, callId, membershipId: parsed.data.membershipId });
        return redirect(donePath(`/officer/calls/${callId}/commission`, "removed"));
      }
      default:
        return unknownIntent();
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusedForm(error, {
      intent: intent === INTENT.appoint ? INTENT.appoint : (raw.membershipId ?? raw.invitationId),
      values: typed,
    });
  }
}

export default function CommissionForOfficer() {
  const { call, seats, invitations, applicants, likelyConflicts, problem, progress } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("reviews");
  const locale = useLocale();
  const [search] = useSearchParams();
  const removing = seats.find((seat) => seat.removable && seat.id === search.get("remove"));
  return (
    <section aria-labelledby="commission-title">
      <header className="page-head">
        <p className="meta">{call.reference}</p>
        <h1 id="commission-title">{t("commission.title")}</h1>
        <p className="meta">{localized(call, "title", locale)}</p>
        <OfficerCallNav callId={call.id} current="commission" />
      </header>
      {/* A banner from an earlier success is not shown beside a new refusal. */}
      <DoneNotice ns="reviews" hidden={Boolean(result)} />
      {removing ? (
        <ConfirmStep
          title={t("commission.removeConfirm.title", { name: removing.user.fullName })}
          action={`/officer/calls/${call.id}/commission?remove=${removing.id}`}
          fields={{ intent: INTENT.remove, membershipId: removing.id, confirmed: "yes" }}
          submitLabel={t("commission.removeConfirm.submit")}
          cancelTo={`/officer/calls/${call.id}/commission`}
          cancelLabel={t("commission.removeConfirm.cancel")}
          result={result}
          intent={removing.id}
        >
          <p>
            {removing.user.fullName} ({removing.user.email}) — {t(`role.${removing.role}`)}
          </p>
          <ul>
            <li>{t("commission.removeConfirm.declarations", { n: removing.declared })}</li>
            <li>{t("commission.removeConfirm.drafts")}</li>
            <li>{t("commission.removeConfirm.again")}</li>
          </ul>
        </ConfirmStep>
      ) : null}
      {problem ? (
        <Notice tone="error" role="status">
          {t(`commission.problem.${problem}`)}
        </Notice>
      ) : (
        <Notice tone="success">{t("commission.complete")}</Notice>
      )}
      <p>
        {t("commission.progress", {
          submitted: progress.submittedSheets,
          expected: progress.expectedSheets,
          proposals: progress.proposals,
        })}
      </p>

      <h2>{t("commission.members")}</h2>
      {seats.length === 0 ? (
        <p className="empty-state">{t("commission.noMembers")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("commission.name")}</th>
                <th scope="col">{t("commission.role")}</th>
                <th scope="col">{t("commission.affiliations")}</th>
                <th scope="col">{t("commission.declared")}</th>
                <th scope="col">{t("commission.sheets")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("commission.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {seats.map((seat) => (
                <tr key={seat.id}>
                  <td data-label={t("commission.name")}>
                    {seat.user.fullName}
                    <br />
                    <span className="meta">{seat.user.email}</span>
                  </td>
                  <td data-label={t("commission.role")}>{t(`role.${seat.role}`)}</td>
                  <td data-label={t("commission.affiliations")}>{seat.affiliations.join(", ") || "—"}</td>
                  <td data-label={t("commission.declared")}>
                    {t("commission.declaredCount", { declared: seat.declared, total: applicants.length })}
                    {seat.conflicts ? (
                      <>
                        {" "}
                        <Badge tone="wait">{t("commission.conflictsCount", { n: seat.conflicts })}</Badge>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("commission.sheets")} className="numeric">
                    {seat.submitted}
                  </td>
                  <td data-label={t("commission.actions")}>
                    {seat.removable ? (
                      <>
                        {removing?.id === seat.id ? null : <FormAlert failure={result} intent={seat.id} />}
                        {/* A link to the confirmation step, not a POST: removing is never one click. */}
                        <Link
                          to={`/officer/calls/${call.id}/commission?remove=${seat.id}`}
                          className="button small secondary"
                          aria-label={t("commission.removeLabel", { name: seat.user.fullName })}
                        >
                          {t("commission.remove")}
                        </Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {invitations.length ? (
        <>
          <h2>{t("commission.invitations")}</h2>
          <div className="table-scroll">
            <table className="stack-table">
              <thead>
                <tr>
                  <th scope="col">{t("commission.name")}</th>
                  <th scope="col">{t("commission.role")}</th>
                  <th scope="col">{t("commission.validUntil")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("commission.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <td data-label={t("commission.name")}>
                      {invitation.fullName}
                      <br />
                      <span className="meta">{invitation.email}</span>
                    </td>
                    <td data-label={t("commission.role")}>{t(`role.${invitation.role}`)}</td>
                    <td data-label={t("commission.validUntil")}>{formatDate(invitation.expiresAt, locale)}</td>
                    <td data-label={t("commission.actions")}>
                      <FormAlert failure={result} intent={invitation.id} />
                      <Form method="post">
                        <input type="hidden" name="invitationId" value={invitation.id} />
                        <button
                          type="submit"
                          name="intent"
                          value={INTENT.withdraw}
                          className="button small secondary"
                          aria-label={t("commission.withdrawLabel", { email: invitation.email })}
                        >
                          {t("commission.withdraw")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <LikelyConflicts conflicts={likelyConflicts} />

      <div className="panel">
        <h2>{t("commission.appoint")}</h2>
        {/* A new form for each new member: the fields of the one just appointed (their TIN) must not carry over. */}
        <AppointForm
          key={[...seats, ...invitations].map((row) => row.id).join(",")}
          result={result?.intent === INTENT.appoint ? result : undefined}
        />
      </div>
    </section>
  );
}

function AppointForm({ result }: { result?: FormFailure }) {
  const { t } = useTranslation("reviews");
  const navigation = useNavigation();
  const locale = useLocale();
  const { register, errorFor, onSubmit } = useValidatedForm(CommissionInviteSchema, { serverErrors: result?.errors });
  const values = result?.values ?? {};
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="narrow">
      <FormAlert failure={result} />
      <input type="hidden" name="intent" value={INTENT.appoint} />
      <Field
        label={t("commission.email")}
        type="email"
        autoComplete="off"
        defaultValue={values.email}
        error={errorFor("email")}
        hint={t("commission.emailHint")}
        {...register("email")}
      />
      <Field
        label={t("commission.fullName")}
        autoComplete="off"
        defaultValue={values.fullName}
        error={errorFor("fullName")}
        hint={t("commission.fullNameHint")}
        {...register("fullName")}
      />
      <SelectField
        label={t("commission.role")}
        options={COMMISSION_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        defaultValue={values.role || "MEMBER"}
        error={errorFor("role")}
        {...register("role")}
      />
      <TextAreaField
        label={t("commission.affiliations")}
        hint={t("commission.affiliationsHint")}
        rows={2}
        autoComplete="off"
        defaultValue={values.affiliations}
        error={errorFor("affiliations")}
        {...register("affiliations")}
      />
      <SelectField
        label={t("commission.locale")}
        options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
        defaultValue={values.locale || locale}
        error={errorFor("locale")}
        {...register("locale")}
      />
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("commission.appointSubmit")}
      </button>
    </Form>
  );
}
