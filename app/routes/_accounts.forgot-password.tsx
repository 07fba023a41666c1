import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResetRequestSchema } from "~/domains/accounts/account-schemas";
import { requestPasswordReset } from "~/domains/accounts/accounts.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { Field } from "~/components/ui/field";
import { limitedForm, readForm, validateForm } from "~/utils/forms.server";
import { clientIp, resetRequestsByIp, withRetryAfter } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/page-title";

export const headers = withRetryAfter;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.forgotPassword");

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, ResetRequestSchema, ["email"]);
  if (failure) return failure;
  const wait = await resetRequestsByIp.hit(clientIp(request));
  if (wait > 0) return limitedForm(wait, "common:errorPage.tooMany.body", { values: { email: input.email } });
  await requestPasswordReset(input.email);
  // The same answer whether or not the account exists.
  return redirect(donePath("/forgot-password", "resetSent"));
}

export default function ForgotPassword() {
  const { t } = useTranslation(["auth", "common"]);
  const result = useActionData<typeof action>();
  const { register, errorFor, onSubmit } = useValidatedForm(ResetRequestSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <DoneNotice ns="auth" hidden={Boolean(result)} />
      <FormAlert failure={result} />
      <p>{t("forgot.lead")}</p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <Field
          label={t("forgot.email")}
          type="email"
          autoComplete="email"
          defaultValue={result?.values?.email}
          error={errorFor("email")}
          {...register("email")}
        />
        <button type="submit" className="button">
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
