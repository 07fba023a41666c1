import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domains/files/file-rules";
import { renderFeedbackCard } from "~/domains/agreements/feedback-pdf.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requireActor } from "~/utils/session.server";

// The printable card for the NCO's premises: Kyrgyz and Russian, QR code and short link (decision 0079).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const pdf = await orRespond(() => renderFeedbackCard({ actor, agreementId: params.agreementId ?? "" }));
  if (!pdf) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition("feedback-card.pdf", "inline"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
