import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge, FormAlert } from "~/components/ui/alerts";
import { Field } from "~/components/ui/field";
import { grantsLinks, statusTone } from "~/components/agreements/agreement-ui";
import { orRespond } from "~/utils/loader-refusal.server";
import { refusedForm } from "~/utils/forms.server";
import { listStatements } from "~/domains/disbursements/reconciliation.server";
import { importStatementUpload } from "~/domains/disbursements/statement-upload.server";
import { formatDateTime } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links = grantsLinks;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.statements");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "reconcile:statement:any");
  return orRespond(async () => {
    return { statements: await listStatements({ actor }) };
  });
}

// Statements are CSV, which the files module does not keep: the upload is
// streamed by it (at most 2 MB) and the lines are stored as BankStatementLine rows.
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "reconcile:statement:any");
  try {
    const { id } = await importStatementUpload({ actor, request });
    return redirect(`/finance/statements/${id}`);
  } catch (error) {
    return refusedForm(error);
  }
}

export default function Statements() {
  const { statements } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("finance");
  return (
    <section aria-labelledby="statements-title">
      <h1 id="statements-title">{t("title.statements")}</h1>
      <p className="lead">{t("lead.statements")}</p>
      <div className="panel">
        <h2>{t("statements.upload")}</h2>
        <p className="hint">{t("statements.columns")}</p>
        <FormAlert failure={result} />
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <Field label={t("statements.file")} name="statement" type="file" accept=".csv,text/csv,text/plain" required />
          <button type="submit">{t("statements.submit")}</button>
        </Form>
      </div>
      <h2>{t("statements.list")}</h2>
      {statements.length === 0 ? (
        <p className="empty-state">{t("statements.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="stack-table">
            <thead>
              <tr>
                <th scope="col">{t("col.file")}</th>
                <th scope="col">{t("col.uploadedAt")}</th>
                <th scope="col">{t("col.matchStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {statements.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/finance/statements/${s.id}`}>{s.fileName}</Link>
                  </td>
                  <td data-label={t("col.uploadedAt")}>{formatDateTime(s.uploadedAt, locale)}</td>
                  <td data-label={t("col.matchStatus")}>
                    {Object.entries(s.summary).map(([status, count]) => (
                      <span key={status} style={{ marginRight: "0.4rem" }}>
                        <Badge tone={statusTone(status)}>{`${t(`matchStatus.${status}`)}: ${count}`}</Badge>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
