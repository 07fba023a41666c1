import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderAgreementPdf } from "~/domains/agreements/agreement-pdf.server";
import { asResponse } from "~/domains/agreements/route-support.server";
import { contentDisposition } from "~/domains/files/file-rules";
import { requireActor } from "~/utils/session.server";

// The agreement as a PDF, drawn from its latest version in the agreement's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const { pdf, number } = await renderAgreementPdf({ actor, agreementId: params.agreementId ?? "" });
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": contentDisposition(`${number}.pdf`, "inline"),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    asResponse(error);
  }
}
