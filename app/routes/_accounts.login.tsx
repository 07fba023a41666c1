import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LoginSchema } from "~/domains/accounts/account-schemas";
import { verifyLogin } from "~/domains/accounts/accounts.server";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DoneNotice, FormAlert, Notice } from "~/components/ui/alerts";
import { Field } from "~/components/ui/field";
import { invalidForm, limitedForm, readForm, validateForm } from "~/utils/forms.server";
import { clientIp, failedLoginsByAccount, failedLoginsByIp, withRetryAfter } from "~/utils/rate-limit.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { createUserSession, getActor } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const headers = withRetryAfter;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.login");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, LoginSchema, ["email"]);
  if (failure) return failure;
  const ip = clientIp(request);
  // Counted before the slow password check: parallel guesses each claim a slot first (in
  // the database, whichever process they reach), so no more than the limit are ever checked
  // (issue 17, item 3; decision 0059).
  const at = Date.now();
  const byIp = await failedLoginsByIp.hit(ip, at);
  const wait = byIp || (await failedLoginsByAccount.hit(input.email, at));
  if (wait > 0) {
    if (!byIp) await failedLoginsByIp.release(ip, at);
    return limitedForm(wait, "auth:login.limited", { values: { email: input.email } });
  }
  const userId = await verifyLogin(input.email, input.password, ip);
  if (!userId) return invalidForm({}, { formError: "auth:login.invalid", values: { email: input.email } });
  // A right password is not a failed login: its slots are given back.
  await Promise.all([failedLoginsByIp.release(ip, at), failedLoginsByAccount.reset(input.email)]);
  const cookie = await createUserSession(request, userId, ip);
  return redirect(safeRedirect(input.redirectTo, "/dashboard"), { headers: { "Set-Cookie": cookie } });
}

const LOGIN_REASONS = ["sessionExpired", "startProposal"];

export default function Login() {
  const { t } = useTranslation("auth");
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(LoginSchema, { serverErrors: result?.errors });
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <DoneNotice ns="auth" hidden={Boolean(result)} />
      {/* Why the person is asked to sign in: to start a proposal, or again after the session ended (their text is kept). */}
      {LOGIN_REASONS.includes(params.get("reason") ?? "") ? (
        <Notice tone="info">{t(`proposals:login.${params.get("reason")}`)}</Notice>
      ) : null}
      <FormAlert failure={result} />
      <Form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          label={t("login.email")}
          type="email"
          autoComplete="email"
          defaultValue={result?.values?.email}
          error={errorFor("email")}
          {...register("email")}
        />
        <Field
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          error={errorFor("password")}
          {...register("password")}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/register">{t("login.register")}</Link>
      </p>
    </section>
  );
}
