import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProfileSchema } from "~/domains/accounts/account-schemas";
import { getProfile, updateProfile } from "~/domains/accounts/accounts.server";
import { getEmailConfirmation } from "~/domains/accounts/email-confirmation.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DoneNotice, donePath, Notice } from "~/components/ui/alerts";
import { Field, SelectField } from "~/components/ui/field";
import { readForm, validateForm } from "~/utils/forms.server";
import { formatDateTime, LOCALE_NAMES, LOCALES, localized } from "~/utils/i18n";
import { localeCookie } from "~/utils/i18n.server";
import { requireActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.profile");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const [profile, confirmation] = await Promise.all([getProfile(actor), getEmailConfirmation({ userId: actor.id })]);
  return { profile, confirmedAt: confirmation.confirmedAt };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { data: input, failure } = validateForm(await readForm(request), ProfileSchema, ["fullName", "phone", "locale"]);
  if (failure) return failure;
  await updateProfile(actor, input);
  return redirect(donePath("/profile", "profileSaved"), { headers: { "Set-Cookie": await localeCookie.serialize(input.locale) } });
}

export default function Profile() {
  const { t } = useTranslation("auth");
  const { profile, confirmedAt } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit } = useValidatedForm(ProfileSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="profile-title">
      <h1 id="profile-title">{t("profile.title")}</h1>
      <DoneNotice ns="auth" hidden={Boolean(result)} />
      <EmailConfirmationStatus confirmedAt={confirmedAt} />
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
