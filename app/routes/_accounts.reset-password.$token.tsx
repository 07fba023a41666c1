import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResetPasswordSchema } from "~/domains/accounts/account-schemas";
import { isResetTokenUsable, resetPassword } from "~/domains/accounts/accounts.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field } from "~/components/ui/field";
import { FormAlert } from "~/components/ui/alerts";
import { readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.resetPassword");

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isResetTokenUsable(params.token ?? "") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  form.set("token", params.token ?? "");
  const { data: input, failure } = validateForm(form, ResetPasswordSchema);
  if (failure) return failure;
  try {
    await resetPassword(input.token, input.password);
    return { errors: {}, done: true };
  } catch (error) {
    return refusedForm(error);
  }
}

export default function ResetPassword() {
  const { t } = useTranslation("auth");
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { token } = useParams();
  const { register, errorFor, onSubmit } = useValidatedForm(ResetPasswordSchema, {
    serverErrors: result?.errors,
    defaultValues: { token },
  });
  if (result && "done" in result) {
    return (
      <section className="narrow">
        <h1>{t("reset.title")}</h1>
        <FormAlert tone="success">{t("reset.done")}</FormAlert>
        <Link to="/login">{t("login.submit")}</Link>
      </section>
    );
  }
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <FormAlert failure={result} />
      {usable ? (
        <Form method="post" onSubmit={onSubmit} noValidate>
          <input type="hidden" {...register("token")} />
          <Field
            label={t("reset.password")}
            type="password"
            autoComplete="new-password"
            error={errorFor("password")}
            {...register("password")}
          />
          <Field
            label={t("reset.confirmPassword")}
            type="password"
            autoComplete="new-password"
            error={errorFor("confirmPassword")}
            {...register("confirmPassword")}
          />
          <button type="submit" className="button">
            {t("reset.submit")}
          </button>
        </Form>
      ) : (
        <FormAlert>
          {t("reset.invalid")} <Link to="/forgot-password">{t("forgot.submit")}</Link>
        </FormAlert>
      )}
    </section>
  );
}
