import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "~/components/calls/call-display";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DocumentFileField, useDocumentFileCheck } from "~/components/ui/document-file-field";
import { Field } from "~/components/ui/field";
import { addCallDocument, assertCanAddDocument, listCallDocuments, removeCallDocument } from "~/domains/calls/call-documents.server";
import { CallDocumentRowSchema, CallDocumentSchema } from "~/domains/calls/call-schemas";
import { callPhase } from "~/domains/calls/calls-rules";
import { getCallForOfficer } from "~/domains/calls/calls.server";
import { formatBytes } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import callsStyles from "~/styles/calls.css";
import { invalidForm, isMultipart, readForm, refusedForm, validateForm, type FormFailure } from "~/utils/forms.server";
import { LOCALES } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.callDocuments", data?.title);

const SUFFIX = { ky: "Ky", ru: "Ru", en: "En" } as const;
const TITLE_FIELDS = ["titleKy", "titleRu", "titleEn"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const call = await getCallForOfficer({ actor, callId: params.callId ?? "" });
  if (!call) throw new Response("Not found", { status: 404 });
  const phase = callPhase(call, new Date());
  return {
    call: {
      id: call.id,
      reference: call.reference,
      status: call.status,
      titleKy: call.titleKy,
      titleRu: call.titleRu,
      titleEn: call.titleEn,
    },
    canAdd: phase === "draft" || phase === "scheduled" || phase === "open",
    documents: await listCallDocuments(call.id),
    title: `${call.reference} — ${pickText(call, "title", actor.locale).text}`,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:call:any");
  const callId = params.callId ?? "";
  const back = (done: string) => redirect(donePath(`/officer/calls/${callId}/documents`, done));
  if (!isMultipart(request)) {
    const { data: input, failure } = validateForm(await readForm(request), CallDocumentRowSchema, [], "remove");
    if (failure) return failure;
    try {
      await removeCallDocument({ actor, callId, documentId: input.documentId });
    } catch (error) {
      return refusedForm(error, { intent: "remove" });
    }
    return back("removed");
  }
  let upload: ReceivedUpload | null = null;
  try {
    // Before reading a byte of the body: another municipality's call is 404, a closed one 409.
    await assertCanAddDocument(actor, callId);
    upload = await receiveUpload(request, { fileFields: ["file"], maxFields: 5, maxFieldBytes: 4096 });
    const fields = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) fields.set(name, value);
    const { data: input, failure } = validateForm(fields, CallDocumentSchema, TITLE_FIELDS, "upload");
    if (failure) return failure;
    const file = upload.files[0];
    if (!file) return invalidForm({ file: ["files:missingFile"] }, { intent: "upload", values: upload.fields });
    await addCallDocument({ actor, callId, file, ...input });
    return back("added");
  } catch (error) {
    return refusedForm(error, { intent: "upload", values: error instanceof UploadError ? error.fields : undefined });
  } finally {
    await discardUpload(upload);
  }
}

export default function CallDocuments() {
  const { call, documents, canAdd } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const locale = useLocale();
  const { t } = useTranslation("calls");
  return (
    <section aria-labelledby="documents-title">
      <p>
        <Link to={`/officer/calls/${call.id}`}>← {call.reference}</Link>
      </p>
      <h1 id="documents-title">{t("documents.title")}</h1>
      <p className="lead">{pickText(call, "title", locale).text}</p>
      <p>{t("documents.lead")}</p>
      <DoneNotice ns="calls" hidden={Boolean(failure)} />
      <FormAlert failure={failure} intent="remove" />
      <div className="panel">
        {documents.length === 0 ? <p className="meta">{t("documents.empty")}</p> : null}
        {documents.length ? (
          <ul className="document-list">
            {documents.map((document) => (
              <li key={document.id}>
                <a href={`/calls/${call.id}/documents/${document.id}`} download>
                  {pickText(document, "title", locale).text}
                </a>{" "}
                <span className="meta">
                  ({document.attachment.originalName}, {formatBytes(document.attachment.size)})
                </span>
                {call.status === "DRAFT" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="documentId" value={document.id} />
                    <button type="submit" className="button small secondary">
                      {t("documents.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {call.status !== "DRAFT" && documents.length ? <p className="meta">{t("documents.stays")}</p> : null}
      </div>
      {canAdd ? (
        <UploadForm failure={failure?.intent === "upload" ? failure : undefined} />
      ) : (
        <p className="meta">{t("documents.closed")}</p>
      )}
    </section>
  );
}

function UploadForm({ failure }: { failure?: FormFailure }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(CallDocumentSchema, { serverErrors: failure?.errors });
  const values = failure?.values ?? {};
  const { checkFile, problem: fileProblem, clear } = useDocumentFileCheck(onSubmit, failure?.errors?.file?.[0]);
  return (
    <section className="panel" aria-labelledby="upload-title">
      <h2 id="upload-title">{t("documents.uploadTitle")}</h2>
      <FormAlert failure={failure} />
      <Form method="post" encType="multipart/form-data" onSubmit={checkFile} noValidate>
        <div className="lang-grid">
          {LOCALES.map((language) => (
            <Field
              key={language}
              lang={language}
              label={t("form.inLanguage", { field: t("documents.docTitle"), language: t(`language.${language}`) })}
              defaultValue={values[`title${SUFFIX[language]}`] ?? ""}
              error={errorFor(`title${SUFFIX[language]}`)}
              {...register(`title${SUFFIX[language]}`)}
            />
          ))}
        </div>
        <DocumentFileField label={t("documents.file")} problem={fileProblem} onChange={clear} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("documents.upload")}
        </button>
      </Form>
    </section>
  );
}
