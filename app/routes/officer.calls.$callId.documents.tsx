import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionAlert, pickText } from "~/components/calls/call-display";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { DocumentFileField, useDocumentFileCheck } from "~/components/ui/document-file-field";
import { Field } from "~/components/ui/field";
import { addCallDocument, assertCanAddDocument, listCallDocuments, removeCallDocument } from "~/domains/calls/call-documents.server";
import { callFailure, parseIntentForm, ruleFailure, type CallActionFailure } from "~/domains/calls/call-forms.server";
import { CallDocumentRowSchema, CallDocumentSchema } from "~/domains/calls/call-schemas";
import { callPhase } from "~/domains/calls/calls-rules";
import { getCallForOfficer } from "~/domains/calls/calls.server";
import { formatBytes } from "~/domains/files/file-rules";
import { discardUpload, receiveUpload, UploadError, type ReceivedUpload } from "~/domains/files/files.server";
import type { RootData } from "~/root";
import callsStyles from "~/styles/calls.css";
import { readForm } from "~/utils/forms.server";
import { LOCALES } from "~/utils/i18n";
import { requirePermission } from "~/utils/session.server";
import { pageTitle } from "~/utils/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: callsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "titles.callDocuments", data?.title);

const SUFFIX = { ky: "Ky", ru: "Ru", en: "En" } as const;
type Failure = CallActionFailure & { formParams?: Record<string, string> };

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
  const back = (notice: string) => redirect(`/officer/calls/${callId}/documents?done=${notice}`);
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const { data: input, failure } = parseIntentForm(await readForm(request), CallDocumentRowSchema, "remove");
    if (failure) return failure;
    try {
      await removeCallDocument({ actor, callId, documentId: input.documentId });
    } catch (error) {
      return ruleFailure(error, "remove");
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
    const { data: input, failure } = parseIntentForm(fields, CallDocumentSchema, "upload");
    if (failure) return failure;
    const file = upload.files[0];
    if (!file) return callFailure({ intent: "upload", errors: { file: ["files:missingFile"] }, values: upload.fields }, 400);
    await addCallDocument({ actor, callId, file, ...input });
    return back("added");
  } catch (error) {
    if (error instanceof UploadError) {
      const formParams = Object.fromEntries(
        Object.entries(error.params).map(([k, v]) => [k, k === "limit" ? formatBytes(Number(v)) : String(v)]),
      );
      return callFailure(
        { intent: "upload", errors: {}, formError: `files:${error.code}`, formErrorParams: formParams, values: error.fields },
        error.status,
      );
    }
    return ruleFailure(error, "upload");
  } finally {
    await discardUpload(upload);
  }
}

export default function CallDocuments() {
  const { call, documents, canAdd } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const locale = useRouteLoaderData<RootData>("root")?.locale ?? "ky";
  const { t } = useTranslation("calls");
  const [search] = useSearchParams();
  const done = search.get("done");
  return (
    <section aria-labelledby="documents-title">
      <p>
        <Link to={`/officer/calls/${call.id}`}>← {call.reference}</Link>
      </p>
      <h1 id="documents-title">{t("documents.title")}</h1>
      <p className="lead">{pickText(call, "title", locale).text}</p>
      <p>{t("documents.lead")}</p>
      {done ? (
        <div className="alert alert-success" role="status">
          {t(`documents.${done === "removed" ? "removed" : "added"}`)}
        </div>
      ) : null}
      {failure?.intent === "remove" ? <ActionAlert {...failure} /> : null}
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

function UploadForm({ failure }: { failure?: Failure }) {
  const { t } = useTranslation("calls");
  const navigation = useNavigation();
  const { register, errorFor, onSubmit } = useValidatedForm(CallDocumentSchema, { serverErrors: failure?.errors });
  const values = (failure?.values ?? {}) as Record<string, string>;
  const { checkFile, problem: fileProblem, clear } = useDocumentFileCheck(onSubmit, failure?.errors?.file?.[0]);
  return (
    <section className="panel" aria-labelledby="upload-title">
      <h2 id="upload-title">{t("documents.uploadTitle")}</h2>
      <ActionAlert formError={failure?.formError} formErrorParams={failure?.formErrorParams} />
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
