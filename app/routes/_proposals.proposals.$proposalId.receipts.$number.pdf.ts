import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderReceiptPdf } from "~/domains/proposals/receipt-pdf.server";
import { getReceipt } from "~/domains/proposals/submission.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requireActor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const number = Number(params.number);
  const receipt = Number.isInteger(number) && number > 0 ? await getReceipt({ actor, proposalId: params.proposalId ?? "", number }) : null;
  if (!receipt) throw new Response("Not found", { status: 404 });
  const pdf = await renderReceiptPdf(receipt, await resolveLocale(request, actor.locale));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="receipt-${receipt.receiptNumber.replace(/[^A-Za-z0-9-]/g, "")}.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
