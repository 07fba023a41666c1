import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAgreementPdfForDownload } from "~/domains/agreements/agreement-documents.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { attachmentResponse } from "~/domains/files/files.server";
import { requireActor } from "~/utils/session.server";

// The agreement's version in force (its text in ?language=, else the binding one) as the PDF stored when it was issued: the
// same bytes on every download, so their SHA-256 checks on the public verify page.
// Read (size included) through the storage module: a file missing from storage answers 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const file = await orRespond(() =>
    getAgreementPdfForDownload({
      actor,
      agreementId: params.agreementId ?? "",
      language: new URL(request.url).searchParams.get("language"),
    }),
  );
  return attachmentResponse({
    storageKey: file.storageKey,
    sha256: file.sha256,
    mediaType: "application/pdf",
    originalName: `${file.number}-v${file.version}${file.language ? `-${file.language}` : ""}.pdf`,
  });
}
