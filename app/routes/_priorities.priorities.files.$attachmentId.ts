import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domains/files/files.server";
import { getPublicPriorityFile } from "~/domains/priorities/priorities.server";

/** A needs study or a hearing's minutes: public documents, to anyone. */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = await getPublicPriorityFile(params.attachmentId ?? "");
  if (!file) throw new Response("Not found", { status: 404 });
  return attachmentResponse(file);
}
