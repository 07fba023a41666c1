import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domains/files/files.server";
import { getVisibleCallDocumentFile } from "~/domains/calls/public-calls.server";
import { getActor } from "~/utils/session.server";

/** A call document, to anyone who may see the call (everyone, once it is published). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const file = await getVisibleCallDocumentFile({ callId: params.callId ?? "", documentId: params.documentId ?? "", actor });
  if (!file) throw new Response("Not found", { status: 404 });
  return attachmentResponse(file);
}
