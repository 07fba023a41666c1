import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RegisterSchema } from "~/domains/accounts/account-schemas";
import { registerUser } from "~/domains/accounts/accounts.server";
import { sendEmailConfirmation } from "~/domains/accounts/email-confirmation.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField } from "~/components/ui/field";
import { PrivacyConsentField } from "~/components/accounts/privacy-consent-field";
import { FormAlert } from "~/components/ui/alerts";
import { readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { LOCALE_NAMES, LOCALES } from "~/utils/i18n";
import { clientIp } from "~/utils/rate-limit.server";
import { createUserSession, getActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.register");

const KEEP = ["fullName", "email", "phone", "locale", "privacyConsent"];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, RegisterSchema, KEEP);
  if (failure) return failure;
  try {
    const user = await registerUser(input, clientIp(request));
    // The account exists once registered; if queuing the link fails, "send again" on /confirm-email recovers.
    await sendEmailConfirmation({ userId: user.id, ipAddress: clientIp(request) });
    const cookie = await createUserSession(request, user.id, clientIp(request));
    return redirect("/confirm-email", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return refusedForm(error, { values: Object.fromEntries(KEEP.map((k) => [k, String(form.get(k) ?? "")])) });
  }
}

export default function Register() {
  const { t } = useTranslation("auth");
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit } = useValidatedForm(RegisterSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      <FormAlert failure={result} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <Field
          label={t("register.fullName")}
          autoComplete="name"
          defaultValue={values.fullName}
          error={errorFor("fullName")}
          {...register("fullName")}
        />
        <Field
          label={t("register.email")}
          type="email"
          autoComplete="email"
          defaultValue={values.email}
          error={errorFor("email")}
          {...register("email")}
        />
        <Field
          label={t("register.phone")}
          type="tel"
          autoComplete="tel"
          defaultValue={values.phone}
          error={errorFor("phone")}
          {...register("phone")}
        />
        <Field
          label={t("register.password")}
          type="password"
          autoComplete="new-password"
          error={errorFor("password")}
          {...register("password")}
        />
        <Field
          label={t("register.confirmPassword")}
          type="password"
          autoComplete="new-password"
          error={errorFor("confirmPassword")}
          {...register("confirmPassword")}
        />
        <SelectField
          label={t("register.locale")}
          defaultValue={values.locale ?? locale}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          {...register("locale")}
        />
        <PrivacyConsentField
          defaultChecked={values.privacyConsent === "on"}
          error={errorFor("privacyConsent")}
          {...register("privacyConsent")}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("register.submit")}
        </button>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/login">{t("login.submit")}</Link>
      </p>
    </section>
  );
}
