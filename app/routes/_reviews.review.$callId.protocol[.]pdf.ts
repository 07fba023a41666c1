import type { LoaderFunctionArgs } from "@remix-run/node";
import { orRespond } from "~/utils/loader-refusal.server";
import { loadProtocol, renderProtocol } from "~/domains/reviews/protocol.server";
import { isLocale } from "~/utils/i18n";
import { requireActor } from "~/utils/session.server";

/**
 * The commission's protocol as a PDF: the Kyrgyz text (binding) unless ?language= asks for the Russian
 * parallel text or the English courtesy translation (decision 0080); authorized inside loadProtocol.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const data = await orRespond(() => loadProtocol({ actor, callId: params.callId ?? "" }));
  const asked = new URL(request.url).searchParams.get("language");
  const language = isLocale(asked) ? asked : "ky";
  const pdf = await renderProtocol(data, language);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="protocol-${data.call.reference}-${language}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
