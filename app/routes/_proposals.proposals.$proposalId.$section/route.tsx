import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, type ShouldRevalidateFunction, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { discardUpload, receiveUpload, type ReceivedUpload } from "~/domains/files/files.server";
import { parseSectionForm } from "~/domains/proposals/proposal-forms.server";
import { formToObject, intentOf, isMultipart, refusedForm, unknownIntent } from "~/utils/forms.server";
import { DoneNotice, donePath, FormAlert } from "~/components/ui/alerts";
import { DOCUMENT_KINDS, isSection, SECTIONS, type Section } from "~/domains/proposals/proposal-schemas";
import {
  attachUploadedDocument,
  documentBytesUsed,
  getProposalForActor,
  listVaultChoices,
  MAX_PROPOSAL_BYTES,
  problemsBySection,
  removeDocument,
  saveSection,
} from "~/domains/proposals/proposals.server";
import { InfoNote } from "~/components/proposals/fields";
import { ProposalHeading, SectionNav } from "~/components/proposals/proposal-chrome";
import proposalStyles from "~/styles/proposals.css";
import { DomainError } from "~/utils/domain-error";
import { clientIp } from "~/utils/rate-limit.server";
import type { Actor } from "~/utils/permissions";
import { getActor, requirePermission } from "~/utils/session.server";
import { isSessionExpired, SessionExpiredPage, type SessionExpired } from "./kept-draft";
import { SECTION_INTENT } from "./intents";
import { SectionForm } from "./section-forms";
import { pageTitle } from "~/utils/page-title";
import { useLocale } from "~/components/ui/use-locale";

/** The intents this route's action dispatches on; its forms send the same constants. */
export const INTENT = SECTION_INTENT;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, data ? `proposals:sections.${data.section}.title` : "titles.proposal", data?.view.proposal.reference);

function sectionOf(params: LoaderFunctionArgs["params"]): Section {
  if (!isSection(params.section)) throw new Response("Not found", { status: 404 });
  return params.section;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "edit:proposal:own");
  const section = sectionOf(params);
  const now = new Date();
  const view = await getProposalForActor({ actor, proposalId: params.proposalId ?? "", now });
  if (!view || !view.own) throw new Response("Not found", { status: 404 });
  const vault = section === "documents" ? await listVaultChoices({ actor, proposalId: view.proposal.id, now }) : [];
  return { view, section, vault, problems: problemsBySection(view) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const section = sectionOf(params);
  const proposalId = params.proposalId ?? "";
  if (!isMultipart(request) && !(await getActor(request))) return sessionExpired(request, section);
  const actor = await requirePermission(request, "edit:proposal:own");
  const context = { actor, now, proposalId, ipAddress: clientIp(request) };
  if (isMultipart(request)) return uploadDocument(request, context);
  const form = await request.formData();
  const intent = intentOf(form, INTENT, INTENT.save);
  if (!intent) return unknownIntent();
  if (intent === INTENT.removeDocument) {
    try {
      await removeDocument({ ...context, linkId: String(form.get("linkId") ?? "") });
    } catch (error) {
      return refusedForm(error, { intent });
    }
    return redirect(donePath(`/proposals/${proposalId}/documents`, "removed"));
  }
  const { data: input, raw, failure } = parseSectionForm(form, section, intent);
  if (failure) return failure;
  try {
    await saveSection({ ...context, section, input });
  } catch (error) {
    return refusedForm(error, { values: raw, intent });
  }
  if (intent === INTENT.autosave) return { saved: true, savedAt: now.toISOString() };
  const following = SECTIONS[SECTIONS.indexOf(section) + 1];
  if (intent === INTENT.next) return redirect(following ? `/proposals/${proposalId}/${following}` : `/proposals/${proposalId}`);
  return redirect(donePath(`/proposals/${proposalId}/${section}`, "saved"));
}

/**
 * The session ended while the person was typing. A redirect to the sign-in
 * page would drop the text, so it is answered here: an autosave learns it
 * (401) and the page keeps the text; a Save is thrown to this route's error
 * boundary (so this route's loader, which needs a session, does not run) and
 * comes back with everything typed, ready to be sent again after signing in.
 */
async function sessionExpired(request: Request, section: Section) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");
  if (intent === INTENT.autosave) return data<SessionExpired>({ sessionExpired: true }, { status: 401 });
  const values = formToObject(form);
  delete values.intent;
  throw data<SessionExpired>(
    { sessionExpired: true, section, intent: intent === INTENT.next ? INTENT.next : INTENT.save, values },
    { status: 401 },
  );
}

/** A file for one kind of document, streamed to storage; the proposal's 50 MB includes what it already carries. */
async function uploadDocument(request: Request, context: { actor: Actor; now: Date; proposalId: string; ipAddress: string }) {
  let upload: ReceivedUpload | null = null;
  try {
    const used = await documentBytesUsed(context);
    upload = await receiveUpload(request, {
      fileFields: ["file"],
      maxFiles: 1,
      maxTotalBytes: Math.max(1, MAX_PROPOSAL_BYTES - used),
      maxFields: 5,
    });
    const kind = DOCUMENT_KINDS.find((known) => known === upload?.fields.kind);
    if (!kind) {
      return refusedForm(new DomainError("proposals:errors.chooseKind", {}, 400), { intent: "upload" });
    }
    const file = upload.files[0];
    if (!file) return refusedForm(new DomainError("proposals:errors.chooseFile", {}, 400), { intent: "upload" });
    await attachUploadedDocument({ ...context, kind, file });
  } catch (error) {
    return refusedForm(error, { intent: "upload" });
  } finally {
    await discardUpload(upload);
  }
  return redirect(donePath(`/proposals/${context.proposalId}/documents`, "uploaded"));
}

/** An autosave changes nothing the page shows besides its own status line. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === INTENT.autosave ? false : defaultShouldRevalidate;

export default function ProposalSection() {
  const { view, section, vault, problems } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // Autosave's answers (saved, session expired) go to its fetcher; the page shows failures.
  const result = answer && "errors" in answer ? answer : undefined;
  const locale = useLocale();
  const { t } = useTranslation("proposals");
  return (
    <section aria-labelledby="proposal-title" className="proposal-page">
      <ProposalHeading proposal={view.proposal} locale={locale} />
      <div className="proposal-layout">
        <SectionNav
          proposalId={view.proposal.id}
          current={section}
          problems={problems}
          questions={view.hasQuestions ? "link" : undefined}
        />
        <div className="proposal-main">
          <h2 id="section-title">{t(`sections.${section}.title`)}</h2>
          <p className="hint">{t(`sections.${section}.hint`)}</p>
          {!view.can.edit ? (
            <InfoNote
              code={view.proposal.intake === "PAPER" ? "notice.paperReadOnly" : view.onTime ? "notice.readOnly" : "notice.closed"}
            />
          ) : null}
          <DoneNotice ns="proposals" hidden={Boolean(result)} />
          <FormAlert failure={result} />
          <SectionForm key={section} section={section} view={view} vault={vault} result={result} locale={locale} />
        </div>
      </div>
    </section>
  );
}

/** A Save sent after the session ended comes back here with its text; anything else is the portal's error page. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 401 && isSessionExpired(error.data)) {
    return <SessionExpiredPage kept={error.data} />;
  }
  // Rethrown, the error reaches the root's boundary and its page.
  throw error;
}
