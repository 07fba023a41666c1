import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domains/files/files.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { getProposalDocument } from "~/domains/reviews/scoring.server";
import { requirePermission } from "~/utils/session.server";

/** A proposal's document for the commission: the same declaration and conflict rules as the proposal itself. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:proposal:assigned");
  const attachment = await orRespond(() =>
    getProposalDocument({
      actor,
      callId: params.callId ?? "",
      proposalId: params.proposalId ?? "",
      attachmentId: params.attachmentId ?? "",
    }),
  );
  return attachmentResponse(attachment);
}
