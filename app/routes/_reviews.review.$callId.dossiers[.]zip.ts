import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { streamCallDossiers } from "~/domains/reviews/dossiers.server";
import { resolveLocale } from "~/utils/i18n.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requirePermission } from "~/utils/session.server";

/**
 * Every proposal of the call the member may open (dossier and files), as one ZIP streamed as it is
 * written; a conflicted proposal is not in it. Refusals (no seat, review not open, not declared) are
 * answered before the first byte.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  const callId = params.callId ?? "";
  const locale = await resolveLocale(request, actor.locale);
  const { stream, reference } = await orRespond(() => streamCallDossiers({ actor, callId, locale }));
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="dossiers-${reference.replace(/[^A-Za-z0-9-]/g, "")}.zip"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
