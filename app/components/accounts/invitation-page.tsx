import { Form, Link, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { FormAlert, Notice } from "~/components/ui/alerts";
import { Field, SelectField } from "~/components/ui/field";
import { PrivacyConsentField } from "./privacy-consent-field";
import { StaffAccountSchema } from "~/domains/accounts/staff-schemas";
import { formatDate, LOCALE_NAMES, LOCALES } from "~/utils/i18n";
import { useLocale } from "~/components/ui/use-locale";

/** The two forms of an invitation page: accept it (signed in) or create the invited account. */
export const INVITATION_INTENT = { accept: "accept", create: "create" } as const;

type Answer = { intent?: string; errors: Record<string, string[] | undefined>; formError?: string; values?: Record<string, string> };

/**
 * The page an invitation link opens (staff of a municipality, outside experts of a call):
 * the link's state, then, by who is there, the accept button, a note that another account is
 * signed in, the way to sign in, or the form that creates the invited account. `ns` holds the
 * `invitation.*` strings; `intro` says what the invitation is for.
 */
export function InvitationPage({
  ns,
  id,
  invitation,
  signedInAs,
  result,
  intro,
  emailLabel,
  fullName,
  path,
}: {
  ns: string;
  id: string;
  invitation: { state: string; email: string; expiresAt: Date; accountExists: boolean } | null;
  signedInAs: string | null;
  result: Answer | undefined;
  intro: ReactNode;
  emailLabel: string;
  fullName?: string;
  /** The page's own path, to come back to after signing in. */
  path: string;
}) {
  const { t } = useTranslation(ns);
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const { register, errorFor, onSubmit } = useValidatedForm(StaffAccountSchema, { serverErrors: result?.errors });
  const values = result?.values ?? {};

  let body: ReactNode;
  if (!invitation) body = <Notice tone="error">{t("invitation.unknown")}</Notice>;
  else if (invitation.state !== "usable") {
    body = (
      <>
        <Notice tone="error">{t(`invitation.${invitation.state}`, { date: formatDate(invitation.expiresAt, locale) })}</Notice>
        {invitation.state === "used" ? (
          <p>
            <Link to="/login">{t("invitation.signInLink")}</Link>
          </p>
        ) : null}
      </>
    );
  } else if (signedInAs && signedInAs.toLowerCase() === invitation.email) {
    body = (
      <>
        {intro}
        <Form method="post">
          <button type="submit" name="intent" value={INVITATION_INTENT.accept} className="button" disabled={busy}>
            {t("invitation.accept")}
          </button>
        </Form>
      </>
    );
  } else if (signedInAs) {
    body = (
      <>
        {intro}
        <Notice tone="error">{t("invitation.otherAccount", { email: signedInAs })}</Notice>
      </>
    );
  } else if (invitation.accountExists) {
    body = (
      <>
        {intro}
        <p>{t("invitation.signIn")}</p>
        <p>
          <Link className="button" to={`/login?${new URLSearchParams({ redirectTo: path })}`}>
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
          <input type="hidden" name="intent" value={INVITATION_INTENT.create} />
          <Field label={emailLabel} type="email" name="email" value={invitation.email} readOnly autoComplete="username" />
          <Field
            label={t("invitation.fullName")}
            autoComplete="name"
            defaultValue={values.fullName ?? fullName}
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
          <PrivacyConsentField
            defaultChecked={values.privacyConsent === "on"}
            error={errorFor("privacyConsent")}
            {...register("privacyConsent")}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("invitation.create")}
          </button>
        </Form>
      </>
    );
  }
  return (
    <section className="narrow" aria-labelledby={id}>
      <h1 id={id}>{t("invitation.title")}</h1>
      <FormAlert failure={result} />
      {body}
    </section>
  );
}
