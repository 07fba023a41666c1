import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domains/files/file-rules";
import { renderCodeSheet } from "~/domains/agreements/feedback-pdf.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requireActor } from "~/utils/session.server";

// One batch of one-time rating codes as a printable sheet (decision 0079).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const batch = Number(params.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1_000_000) throw new Response("Not found", { status: 404 });
  const pdf = await orRespond(() => renderCodeSheet({ actor, agreementId: params.agreementId ?? "", batch }));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(`feedback-codes-${batch}.pdf`, "inline"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
