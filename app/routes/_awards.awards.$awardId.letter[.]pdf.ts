import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domains/files/files.server";
import { getLetterForDownload, letterAttachment } from "~/domains/awards/letters.server";
import { orRespond } from "~/utils/loader-refusal.server";
import { requireActor } from "~/utils/session.server";

/** The award's letter in force (its text in ?language=, else the binding one), exactly the bytes whose SHA-256 is on record; for the officer and the NCO. A file missing from storage answers 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const letter = await orRespond(() =>
    getLetterForDownload({ actor, awardId: params.awardId ?? "", language: new URL(request.url).searchParams.get("language") }),
  );
  return attachmentResponse(letterAttachment(letter));
}
