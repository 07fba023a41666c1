import type { LoaderFunctionArgs } from "@remix-run/node";
import { dossierFileName, dossierResponse, getOwnDossier, renderDossierPdf } from "~/domains/proposals/dossier.server";
import { resolveLocale } from "~/utils/i18n.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requireActor } from "~/utils/session.server";

/** The applicant's copy of what it submitted in this version: every section, the budget, the documents' hashes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const number = Number(params.number);
  if (!Number.isInteger(number) || number < 1) throw new Response("Not found", { status: 404 });
  const dossier = await orRespond(() => getOwnDossier({ actor, proposalId: params.proposalId ?? "", number }));
  return dossierResponse(await renderDossierPdf(dossier, await resolveLocale(request, actor.locale)), dossierFileName(dossier));
}
