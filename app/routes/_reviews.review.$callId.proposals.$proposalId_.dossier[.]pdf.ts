import type { LoaderFunctionArgs } from "@remix-run/node";
import { dossierFileName, dossierResponse, renderDossierPdf } from "~/domains/proposals/dossier.server";
import { getMemberDossier } from "~/domains/reviews/dossiers.server";
import { resolveLocale } from "~/utils/i18n.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requirePermission } from "~/utils/session.server";

/** A proposal's dossier for a commission member: the same declaration and conflict rules as the proposal itself. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  const dossier = await orRespond(() => getMemberDossier({ actor, callId: params.callId ?? "", proposalId: params.proposalId ?? "" }));
  return dossierResponse(await renderDossierPdf(dossier, await resolveLocale(request, actor.locale)), dossierFileName(dossier));
}
