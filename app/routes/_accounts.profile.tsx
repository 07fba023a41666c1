import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CloseAccountSchema, ProfileSchema } from "~/domains/accounts/account-schemas";
import { closeAccount } from "~/domains/accounts/privacy.server";
import { PRIVACY_PATH } from "~/domains/accounts/privacy-notice";
import { getProfile, updateProfile } from "~/domains/accounts/accounts.server";
import { getEmailConfirmation } from "~/domains/accounts/email-confirmation.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DoneNotice, donePath, FormAlert, Notice } from "~/components/ui/alerts";
import { Field, FieldError, SelectField } from "~/components/ui/field";
import { intentOf, readForm, refusedForm, unknownIntent, validateForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/rate-limit.server";
import { formatDateTime, LOCALE_NAMES, LOCALES, localized } from "~/utils/i18n";
import { localeCookie } from "~/utils/i18n.server";
import { destroyUserSession, requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.profile");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const [profile, confirmation] = await Promise.all([getProfile(actor), getEmailConfirmation({ userId: actor.id })]);
  return { profile, confirmedAt: confirmation.confirmedAt };
}

/** The profile form sends no intent (it predates the second form); closing the account sends `close`. */
export const INTENT = { save: "save", close: "close" } as const;

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await readForm(request);
  const intent = intentOf(form, INTENT, INTENT.save);
  if (!intent) return unknownIntent();
  switch (intent) {
    case INTENT.save: {
      const { data: input, failure } = validateForm(form, ProfileSchema, ["fullName", "phone", "locale"], intent);
      if (failure) return failure;
      await updateProfile(actor, input);
      return redirect(donePath("/profile", "profileSaved"), { headers: { "Set-Cookie": await localeCookie.serialize(input.locale) } });
    }
    case INTENT.close: {
      const { data: input, failure } = validateForm(form, CloseAccountSchema, [], intent);
      if (failure) return failure;
      try {
        await closeAccount(actor, input, clientIp(request));
      } catch (error) {
        return refusedForm(error, { intent });
      }
      // The session rows are gone with the account; the cookie goes too.
      return redirect(donePath("/login", "accountClosed"), { headers: { "Set-Cookie": await destroyUserSession(request) } });
    }
  }
}

export default function Profile() {
  const { t } = useTranslation("auth");
  const { profile, confirmedAt } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const saving = result?.intent === INTENT.close ? undefined : result;
  const values = saving?.values ?? {};
  const { register, errorFor, onSubmit } = useValidatedForm(ProfileSchema, { serverErrors: saving?.errors });
  return (
    <section className="narrow" aria-labelledby="profile-title">
      <h1 id="profile-title">{t("profile.title")}</h1>
      <DoneNotice ns="auth" hidden={Boolean(result)} />
      <EmailConfirmationStatus confirmedAt={confirmedAt} />
      <FormAlert failure={result} intent={INTENT.save} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <Field label={t("profile.email")} name="emailShown" value={profile.email} readOnly disabled />
        <Field
          label={t("profile.fullName")}
          autoComplete="name"
          defaultValue={values.fullName ?? profile.fullName}
          error={errorFor("fullName")}
          {...register("fullName")}
        />
        <Field
          label={t("profile.phone")}
          type="tel"
          autoComplete="tel"
          defaultValue={values.phone ?? profile.phone ?? ""}
          error={errorFor("phone")}
          {...register("phone")}
        />
        <SelectField
          label={t("profile.locale")}
          defaultValue={values.locale ?? profile.locale}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          {...register("locale")}
        />
        <button type="submit" className="button">
          {t("profile.submit")}
        </button>
      </Form>
      {profile.memberships.length ? (
        <>
          <h2>{t("profile.organizations")}</h2>
          <ul>
            {profile.memberships.map((m) => (
              <li key={m.organization.id}>
                <a href={`/organizations/${m.organization.id}`}>{localized(m.organization, "name", locale)}</a> —{" "}
                {t(`profile.orgRole.${m.role}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <PersonalData version={profile.privacyNoticeVersion} consentedAt={profile.privacyConsentAt} />
      <CloseAccount result={result?.intent === INTENT.close ? result : undefined} />
    </section>
  );
}

/** The notice the person agreed to, and "download my data" (a file from /profile/personal-data). */
function PersonalData({ version, consentedAt }: { version: string | null; consentedAt: Date | null }) {
  const { t } = useTranslation("auth");
  const locale = useLocale();
  return (
    <section aria-labelledby="personal-data-title">
      <h2 id="personal-data-title">{t("profile.data.title")}</h2>
      {version && consentedAt ? (
        <p className="meta">{t("profile.data.consent", { version, date: formatDateTime(consentedAt, locale) })}</p>
      ) : null}
      <p>
        <a href={PRIVACY_PATH}>{t("profile.data.notice")}</a>
      </p>
      <p>{t("profile.data.lead")}</p>
      <p>
        <a className="button secondary" href="/profile/personal-data" download>
          {t("profile.data.download")}
        </a>
      </p>
    </section>
  );
}

type CloseAnswer = {
  intent?: string;
  errors: Record<string, string[] | undefined>;
  formError?: string;
  formParams?: Record<string, string | number>;
};

/** Closing one's own account, with the password and an explicit tick (decision 0071). */
function CloseAccount({ result }: { result: CloseAnswer | undefined }) {
  const { t } = useTranslation("auth");
  const { register, errorFor, onSubmit } = useValidatedForm(CloseAccountSchema, { serverErrors: result?.errors });
  const confirmError = errorFor("confirm");
  return (
    <section aria-labelledby="close-account-title">
      <h2 id="close-account-title">{t("profile.close.title")}</h2>
      <p>{t("profile.close.lead")}</p>
      <FormAlert failure={result} intent={INTENT.close} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value={INTENT.close} />
        <Field
          label={t("profile.close.password")}
          type="password"
          autoComplete="current-password"
          error={errorFor("password")}
          {...register("password")}
        />
        <div className={confirmError ? "field field-invalid" : "field"}>
          <label htmlFor="field-confirm" className="checkbox">
            <input
              id="field-confirm"
              type="checkbox"
              value="yes"
              aria-invalid={confirmError ? true : undefined}
              aria-describedby={confirmError ? "field-confirm-error" : undefined}
              {...register("confirm")}
            />{" "}
            {t("profile.close.confirm")}
          </label>
          {confirmError ? <FieldError id="field-confirm-error" code={confirmError} /> : null}
        </div>
        <button type="submit" className="button danger">
          {t("profile.close.submit")}
        </button>
      </Form>
    </section>
  );
}

/** Whether the address is proven; until it is, a way to get a new link (posted to /confirm-email). */
function EmailConfirmationStatus({ confirmedAt }: { confirmedAt: Date | null }) {
  const { t } = useTranslation("confirmation");
  const locale = useLocale();
  if (confirmedAt) {
    return (
      <p className="meta">
        {t("statusLabel")}: {t("statusConfirmed", { date: formatDateTime(confirmedAt, locale) })}
      </p>
    );
  }
  return (
    <Notice tone="error" role="status">
      <p>
        {t("statusLabel")}: <strong>{t("statusPending")}</strong>. {t("why")}
      </p>
      <Form method="post" action="/confirm-email">
        <button type="submit" className="button small secondary">
          {t("resend")}
        </button>
      </Form>
    </Notice>
  );
}
