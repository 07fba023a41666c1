import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { MunicipalityFields, PROFILE_FIELDS } from "~/components/municipalities/municipality-fields";
import { Field } from "~/components/ui/field";
import { FormAlert } from "~/components/ui/alerts";
import { SetupSchema } from "~/domains/municipalities/municipality-schemas";
import { completeSetup, isSetupToken, needsSetup } from "~/domains/municipalities/setup.server";
import { DomainError } from "~/utils/domain-error";
import { getEnv } from "~/utils/env.server";
import { readForm, validateForm, refusedForm } from "~/utils/forms.server";
import { resolveLocale } from "~/utils/i18n.server";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { createUserSession } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "setup:title");

// Everything typed comes back on an error, except the token and the passwords.
const KEEP = [...PROFILE_FIELDS, "adminFullName", "adminEmail"];

/** Set-up exists only until the first municipality does: afterwards the page is not there at all. */
async function requireSetupOpen() {
  if (!(await needsSetup())) throw new Response("Not Found", { status: 404 });
}

export async function loader(_args: LoaderFunctionArgs) {
  await requireSetupOpen();
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireSetupOpen();
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, SetupSchema, KEEP);
  if (failure) return failure;
  const values = Object.fromEntries(KEEP.map((k) => [k, String(form.get(k) ?? "")]));
  if (!isSetupToken(input.setupToken, getEnv().SESSION_SECRET))
    return refusedForm(new DomainError("setup:error.badToken", {}, 403), { values });
  try {
    const { admin } = await completeSetup(input, { ipAddress: clientIp(request), locale: await resolveLocale(request) });
    const cookie = await createUserSession(request, admin.id, clientIp(request));
    return redirect("/dashboard", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    return refusedForm(error, { values });
  }
}

export default function Setup() {
  const { t } = useTranslation("setup");
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit } = useValidatedForm(SetupSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">{t("title")}</h1>
      <p>{t("lead")}</p>
      <FormAlert failure={result} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <Field
          label={t("field.setupToken")}
          hint={t("hint.setupToken")}
          autoComplete="off"
          error={errorFor("setupToken")}
          {...register("setupToken")}
        />
        <MunicipalityFields values={values} register={register} errorFor={errorFor} />
        <fieldset>
          <legend>{t("administrator")}</legend>
          <Field
            label={t("field.adminFullName")}
            autoComplete="name"
            defaultValue={values.adminFullName}
            error={errorFor("adminFullName")}
            {...register("adminFullName")}
          />
          <Field
            label={t("field.adminEmail")}
            type="email"
            autoComplete="email"
            defaultValue={values.adminEmail}
            error={errorFor("adminEmail")}
            {...register("adminEmail")}
          />
          <Field
            label={t("field.adminPassword")}
            type="password"
            autoComplete="new-password"
            error={errorFor("adminPassword")}
            {...register("adminPassword")}
          />
          <Field
            label={t("field.adminConfirmPassword")}
            type="password"
            autoComplete="new-password"
            error={errorFor("adminConfirmPassword")}
            {...register("adminConfirmPassword")}
          />
        </fieldset>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("submit")}
        </button>
      </Form>
    </section>
  );
}
