import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField } from "~/components/ui/field";
import { FormAlert } from "~/components/ui/alerts";
import { StaffAccountSchema } from "~/domains/accounts/staff-schemas";
import {
  acceptCommissionInvitation,
  COMMISSION_INVITATION_ERRORS,
  createExpertAccount,
  getCommissionInvitation,
  resumeExpertAccount,
} from "~/domains/reviews/commission-invitations.server";
import type { RootData } from "~/root";
import { DomainError } from "~/utils/domain-error";
import { domainFailure, intentOf, readForm, unknownIntent, validateForm, type FormFailure } from "~/utils/forms.server";
import { formatDate, localized, LOCALE_NAMES, LOCALES } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { clientIp, failedLoginsByAccount } from "~/utils/rate-limit.server";
import { createUserSession, getActor, requireActor } from "~/utils/session.server";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = { accept: "accept", create: "create" } as const;

const KEEP = ["fullName", "locale"];

// An outside expert's invitation to a call's commission (decision 0061), as the staff invitation's
// page works. The token is a capability: it is looked up by hash and never echoed back.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews:invitation.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [actor, invitation] = await Promise.all([getActor(request), getCommissionInvitation({ token: params.token ?? "" })]);
  const status = !invitation ? 404 : invitation.state === "usable" ? 200 : 410;
  return data({ invitation, signedInAs: actor?.email ?? null }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readForm(request);
  const ipAddress = clientIp(request);
  const intent = intentOf(form, INTENT);
  if (!intent) return unknownIntent();
  switch (intent) {
    case INTENT.accept: {
      const actor = await requireActor(request);
      try {
        await acceptCommissionInvitation({ actor, token, ipAddress });
        return redirect("/review");
      } catch (error) {
        if (error instanceof DomainError) return domainFailure(error);
        throw error;
      }
    }
    case INTENT.create: {
      const { data: input, failure } = validateForm(form, StaffAccountSchema, KEEP);
      if (failure) return failure;
      let userId: string;
      try {
        ({ userId } = await createExpertAccount({ token, input, ipAddress }));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // A second press of the button: the account was made by the first one. The password is
        // checked as a login is, so a leaked spent link is not a way to guess it.
        const mayResume =
          error.code === COMMISSION_INVITATION_ERRORS.invalid && (await failedLoginsByAccount.hit(`commission-invitation:${token}`)) === 0;
        const resumed = mayResume ? await resumeExpertAccount({ token, password: input.password }) : null;
        if (!resumed) return domainFailure(error, { fullName: input.fullName, locale: input.locale });
        userId = resumed;
      }
      const cookie = await createUserSession(request, userId, ipAddress);
      return redirect("/review", { headers: { "Set-Cookie": cookie } });
    }
    default:
      return unknownIntent();
  }
}

type Invitation = NonNullable<Awaited<ReturnType<typeof getCommissionInvitation>>>;

export default function CommissionInvitationPage() {
  // data() keeps the 404/410 status; its payload is this.
  const { invitation, signedInAs } = useLoaderData() as {
    invitation: (Omit<Invitation, "expiresAt"> & { expiresAt: string }) | null;
    signedInAs: string | null;
  };
  const result = useActionData<typeof action>() as FormFailure | undefined;
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { token } = useParams();
  const { t } = useTranslation("reviews");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { register, errorFor, onSubmit } = useValidatedForm(StaffAccountSchema, { serverErrors: result?.errors });
  const values = result?.values ?? {};

  let body: JSX.Element;
  if (!invitation) body = <p className="alert alert-error">{t("invitation.unknown")}</p>;
  else if (invitation.state !== "usable") {
    body = (
      <>
        <p className="alert alert-error">{t(`invitation.${invitation.state}`, { date: formatDate(invitation.expiresAt, locale) })}</p>
        {invitation.state === "used" ? (
          <p>
            <Link to="/login">{t("invitation.signInLink")}</Link>
          </p>
        ) : null}
      </>
    );
  } else {
    const intro = (
      <>
        <p>
          {t("invitation.body", {
            municipality: localized(invitation.municipality, "name", locale),
            call: invitation.call.reference,
            title: localized(invitation.call, "title", locale),
          })}
        </p>
        <p>{t("invitation.role", { role: t(`role.${invitation.role}`) })}</p>
        <p className="meta">{t("invitation.scope")}</p>
        <p className="meta">{t("invitation.forEmail", { email: invitation.email })}</p>
      </>
    );
    if (signedInAs && signedInAs.toLowerCase() === invitation.email) {
      body = (
        <>
          {intro}
          <Form method="post">
            <button type="submit" name="intent" value={INTENT.accept} className="button" disabled={busy}>
              {t("invitation.accept")}
            </button>
          </Form>
        </>
      );
    } else if (signedInAs) {
      body = (
        <>
          {intro}
          <p className="alert alert-error">{t("invitation.otherAccount", { email: signedInAs })}</p>
        </>
      );
    } else if (invitation.accountExists) {
      body = (
        <>
          {intro}
          <p>{t("invitation.signIn")}</p>
          <p>
            <Link className="button" to={`/login?${new URLSearchParams({ redirectTo: `/commission-invitations/${token}` })}`}>
              {t("invitation.signInLink")}
            </Link>
          </p>
        </>
      );
    } else {
      body = (
        <>
          {intro}
          <p>{t("invitation.createLead")}</p>
          <Form method="post" onSubmit={onSubmit} noValidate>
            <input type="hidden" name="intent" value={INTENT.create} />
            <Field label={t("commission.email")} type="email" name="email" value={invitation.email} readOnly autoComplete="username" />
            <Field
              label={t("invitation.fullName")}
              autoComplete="name"
              defaultValue={values.fullName ?? invitation.fullName}
              error={errorFor("fullName")}
              {...register("fullName")}
            />
            <Field
              label={t("invitation.password")}
              type="password"
              autoComplete="new-password"
              error={errorFor("password")}
              {...register("password")}
            />
            <Field
              label={t("invitation.confirmPassword")}
              type="password"
              autoComplete="new-password"
              error={errorFor("confirmPassword")}
              {...register("confirmPassword")}
            />
            <SelectField
              label={t("invitation.locale")}
              defaultValue={values.locale ?? locale}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
              {...register("locale")}
            />
            <button type="submit" className="button" disabled={busy}>
              {t("invitation.create")}
            </button>
          </Form>
        </>
      );
    }
  }
  return (
    <section className="narrow" aria-labelledby="commission-invitation-title">
      <h1 id="commission-invitation-title">{t("invitation.title")}</h1>
      <FormAlert code={result?.formError} />
      {body}
    </section>
  );
}
