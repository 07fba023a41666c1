import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResetRequestSchema } from "~/domains/accounts/account-schemas";
import { requestPasswordReset } from "~/domains/accounts/accounts.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field } from "~/components/ui/field";
import { readForm, validateForm } from "~/utils/forms.server";
import { clientIp, resetRequestsByIp, withRetryAfter } from "~/utils/rate-limit.server";
import { pageTitle } from "~/utils/page-title";

export const headers = withRetryAfter;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.forgotPassword");

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, ResetRequestSchema, ["email"]);
  if (failure) return failure;
  const wait = await resetRequestsByIp.hit(clientIp(request));
  if (wait > 0) return data({ errors: {}, sent: false, limited: true }, { status: 429, headers: { "Retry-After": String(wait) } });
  await requestPasswordReset(input.email);
  return { errors: {}, sent: true, limited: false };
}

export default function ForgotPassword() {
  const { t } = useTranslation(["auth", "common"]);
  const result = useActionData<typeof action>() as { errors: Record<string, string[]>; sent?: boolean; limited?: boolean } | undefined;
  const { register, errorFor, onSubmit } = useValidatedForm(ResetRequestSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      {result?.sent ? (
        <div className="alert alert-success" role="status">
          {t("forgot.sent")}
        </div>
      ) : null}
      {result?.limited ? (
        <div className="alert alert-error" role="alert">
          {t("common:errorPage.tooMany.body")}
        </div>
      ) : null}
      <p>{t("forgot.lead")}</p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <Field label={t("forgot.email")} type="email" autoComplete="email" error={errorFor("email")} {...register("email")} />
        <button type="submit" className="button">
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
