import type { LoaderFunctionArgs } from "@remix-run/node";
import { orRespond } from "~/utils/loader-refusal.server";
import { loadProtocol, renderProtocol } from "~/domains/reviews/protocol.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requireActor } from "~/utils/session.server";

/** The commission's protocol as a PDF, in the reader's language; authorized inside loadProtocol. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const data = await orRespond(() => loadProtocol({ actor, callId: params.callId ?? "" }));
  const pdf = await renderProtocol(data, await resolveLocale(request, actor.locale));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="protocol-${data.call.reference}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
