import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse, getAttachmentForDownload } from "~/domains/files/files.server";
import { requireActor } from "~/utils/session.server";

// A download: streamed from storage to those allowed; anyone else gets 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const attachment = await getAttachmentForDownload({ actor, attachmentId: params.attachmentId ?? "" });
  if (!attachment) throw new Response("Not found", { status: 404 });
  return attachmentResponse(attachment);
}
