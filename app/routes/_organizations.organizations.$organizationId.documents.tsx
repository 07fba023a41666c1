import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DocumentFileField, useDocumentFileCheck } from "~/components/ui/document-file-field";
import { Field, SelectField } from "~/components/ui/field";
import { donePath, FormAlert } from "~/components/ui/alerts";
import { formatBytes } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import { DOCUMENT_KINDS, isDocumentExpired } from "~/domains/organizations/organization-rules";
import { RowSchema, VaultDocumentSchema } from "~/domains/organizations/organization-schemas";
import { requireMembership } from "~/domains/organizations/organizations.server";
import { archiveDocument, listDocuments, storeDocument } from "~/domains/organizations/vault.server";
import { prisma } from "~/utils/db.server";
import { invalidForm, refusedForm, validateForm } from "~/utils/forms.server";
import { formatDate } from "~/utils/i18n";
import { can } from "~/utils/permissions";
import { clientIp } from "~/utils/rate-limit.server";
import { requireActor, requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

const KEEP = ["kind", "title", "validUntil"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "titles.organizationDocuments");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const organizationId = params.organizationId ?? "";
  const archived = new URL(request.url).searchParams.get("archived") === "1";
  const documents = await listDocuments({ actor, organizationId, archived });
  if (!documents) throw new Response("Not found", { status: 404 });
  const canManage = can(actor, "manage:document:own") && actor.organizations.some((o) => o.id === organizationId);
  return { documents, archived, canManage, now: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:document:own");
  const organizationId = params.organizationId ?? "";
  let upload: ReceivedUpload | null = null;
  try {
    // Before reading a byte of the body: another organization's vault is 404.
    await requireMembership(prisma, actor, organizationId);
    if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
      const row = RowSchema.safeParse({ id: (await request.formData()).get("id") });
      if (!row.success) throw new Response("Bad request", { status: 400 });
      await archiveDocument({ actor, organizationId, documentId: row.data.id, ipAddress: clientIp(request) });
      return redirect(donePath(`/organizations/${organizationId}/documents`, "archived"));
    }
    upload = await receiveUpload(request, { fileFields: ["file"], maxFields: 5, maxFieldBytes: 4096 });
    const fields = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) fields.set(name, value);
    const { data: input, failure } = validateForm(fields, VaultDocumentSchema, KEEP);
    if (failure) return failure;
    const file = upload.files[0];
    if (!file) return invalidForm({ file: ["files:missingFile"] }, { values: upload.fields });
    await storeDocument({ actor, organizationId, input, file, ipAddress: clientIp(request) });
    return redirect(donePath(`/organizations/${organizationId}/documents`, "uploaded"));
  } catch (error) {
    const values =
      error instanceof UploadError
        ? Object.fromEntries(KEEP.filter((k) => k in error.fields).map((k) => [k, error.fields[k]!]))
        : undefined;
    return refusedForm(error, { values });
  } finally {
    await discardUpload(upload);
  }
}

export default function OrganizationDocuments() {
  const { documents, archived, canManage, now } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const { t } = useTranslation("organizations");
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const toggle = new URLSearchParams(params);
  toggle.delete("done");
  if (archived) toggle.delete("archived");
  else toggle.set("archived", "1");
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{archived ? t("documents.archivedTitle") : t("documents.title")}</h2>
      {archived ? null : <p className="wide">{t("documents.lead")}</p>}
      {documents.length === 0 ? (
        <p className="empty-state">{t("documents.empty")}</p>
      ) : (
        <ul className="doc-list">
          {documents.map((d) => {
            const expired = isDocumentExpired(d.validUntil, new Date(now));
            return (
              <li key={d.id} className="doc">
                <div className="doc-main">
                  <div className="doc-title">{d.title}</div>
                  <div className="doc-kind">
                    {t(`documents.kindValue.${d.kind}`)} · {t("documents.uploadedOn", { date: formatDate(d.createdAt, locale) })}
                    {d.validUntil ? (
                      <>
                        {" · "}
                        <span className={expired ? "expired" : undefined}>
                          {t("documents.validUntilValue", { date: formatDate(d.validUntil, locale) })}
                          {expired ? ` (${t("documents.expired")})` : ""}
                        </span>
                      </>
                    ) : null}
                  </div>
                  <div className="doc-file">
                    <a href={`/files/${d.attachment.id}`} download>
                      {d.attachment.originalName}
                    </a>{" "}
                    <span className="meta">({formatBytes(d.attachment.size)})</span>
                  </div>
                </div>
                {canManage && !archived ? (
                  <div className="doc-actions">
                    <Form method="post">
                      <input type="hidden" name="id" value={d.id} />
                      <button type="submit" className="button small secondary" aria-label={`${t("documents.archive")}: ${d.title}`}>
                        {t("documents.archive")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to={`?${toggle.toString()}`}>{archived ? t("documents.showActive") : t("documents.showArchived")}</Link>
      </p>
      {canManage && !archived ? <UploadForm result={result} /> : null}
    </>
  );
}

function UploadForm({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  const { t } = useTranslation("organizations");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(VaultDocumentSchema, { serverErrors: result?.errors });
  const values = result?.values ?? {};
  const { checkFile, problem: fileProblem, clear } = useDocumentFileCheck(onSubmit, result?.errors?.file?.[0]);
  return (
    <section aria-labelledby="upload-title" className="card">
      <h2 id="upload-title" style={{ marginTop: 0 }}>
        {t("documents.uploadTitle")}
      </h2>
      <FormAlert failure={result} />
      <Form method="post" encType="multipart/form-data" onSubmit={checkFile} noValidate className="narrow">
        <SelectField
          label={t("documents.kind")}
          defaultValue={values.kind ?? "CHARTER"}
          error={errorFor("kind")}
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documents.kindValue.${k}`) }))}
          {...register("kind")}
        />
        <Field label={t("documents.docTitle")} defaultValue={values.title ?? ""} error={errorFor("title")} {...register("title")} />
        <Field
          label={t("documents.validUntil")}
          type="date"
          hint={t("documents.validUntilHint")}
          defaultValue={values.validUntil ?? ""}
          error={errorFor("validUntil")}
          {...register("validUntil")}
        />
        <DocumentFileField label={t("documents.file")} problem={fileProblem} onChange={clear} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("documents.upload")}
        </button>
      </Form>
    </section>
  );
}
