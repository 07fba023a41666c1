import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { CommissionExceptionSchema } from "~/domains/reviews/review-schemas";
import { listCommissionExceptions, recordCommissionException } from "~/domains/reviews/separation-of-duties.server";
import adminStyles from "~/styles/admin.css";
import { readForm, refusedForm, validateForm } from "~/utils/forms.server";
import { formatDate, localized } from "~/utils/i18n";
import { pageTitle } from "~/utils/page-title";
import { clientIp } from "~/utils/rate-limit.server";
import { requirePermission } from "~/utils/session.server";
import { useLocale } from "~/components/ui/use-locale";

const KEEP = ["callId", "email", "reason"];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.commissionExceptions");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  return listCommissionExceptions({ actor });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:user:any");
  const form = await readForm(request);
  const { data: input, failure } = validateForm(form, CommissionExceptionSchema, KEEP);
  if (failure) return failure;
  try {
    await recordCommissionException({ actor, ...input, ipAddress: clientIp(request) });
    return redirect(donePath("/admin/commission-exceptions", "recorded"));
  } catch (error) {
    return refusedForm(error, { values: Object.fromEntries(KEEP.map((k) => [k, String(form.get(k) ?? "")])) });
  }
}

export default function CommissionExceptions() {
  const { calls, exceptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const location = useLocation();
  const navigation = useNavigation();
  const { t } = useTranslation("admin");
  const values = result?.values ?? {};
  const { register, errorFor, onSubmit } = useValidatedForm(CommissionExceptionSchema, { serverErrors: result?.errors });
  return (
    <section aria-labelledby="exceptions-title">
      <h1 id="exceptions-title">{t("exceptions.title")}</h1>
      <p>{t("exceptions.lead")}</p>
      <DoneNotice ns="admin" hidden={Boolean(result)} />
      <FormAlert failure={result} />
      {calls.length === 0 ? (
        <p className="empty-state">{t("exceptions.noCalls")}</p>
      ) : (
        <div className="panel">
          {/* A new form after each answer: empty after a recorded exception, the typed values (sent back) after a refusal. */}
          <Form key={location.key} method="post" action="/admin/commission-exceptions" onSubmit={onSubmit} noValidate>
            <SelectField
              label={t("exceptions.call")}
              defaultValue={values.callId}
              error={errorFor("callId")}
              options={calls.map((call) => ({ value: call.id, label: `${call.reference} — ${localized(call, "title", locale)}` }))}
              {...register("callId")}
            />
            <Field
              label={t("exceptions.email")}
              type="email"
              autoComplete="off"
              defaultValue={values.email}
              error={errorFor("email")}
              {...register("email")}
            />
            <TextAreaField
              label={t("exceptions.reason")}
              hint={t("exceptions.reasonHint")}
              rows={4}
              defaultValue={values.reason}
              error={errorFor("reason")}
              {...register("reason")}
            />
            <button type="submit" className="button" disabled={navigation.state !== "idle"}>
              {t("exceptions.submit")}
            </button>
          </Form>
        </div>
      )}
      <h2 id="exceptions-list-title">{t("exceptions.listTitle")}</h2>
      {exceptions.length === 0 ? (
        <p className="empty-state">{t("exceptions.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table stack-table" aria-labelledby="exceptions-list-title">
            <thead>
              <tr>
                <th scope="col">{t("exceptions.call")}</th>
                <th scope="col">{t("exceptions.person")}</th>
                <th scope="col">{t("exceptions.reason")}</th>
                <th scope="col">{t("exceptions.when")}</th>
              </tr>
            </thead>
            <tbody>
              {exceptions.map((exception) => (
                <tr key={exception.id}>
                  <td data-label={t("exceptions.call")}>{exception.call.reference}</td>
                  <td data-label={t("exceptions.person")}>
                    {exception.user.fullName} <span className="meta">{exception.user.email}</span>
                  </td>
                  <td data-label={t("exceptions.reason")}>{exception.reason}</td>
                  <td data-label={t("exceptions.when")}>{formatDate(exception.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
